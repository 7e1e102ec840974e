package sections

// accounts states registered accounts, organisations with a data-processing agreement (AVV) and the
// number of servers, as far as the facts give them.
func accounts(c *Context, md *Markdown) {
	f := c.Facts
	if f.RegisteredAccounts == nil && f.AVVOrganisations == nil && f.Servers == nil {
		return
	}
	md.Heading(c.T("accounts.heading"))
	var s []string
	if f.RegisteredAccounts != nil {
		s = append(s, c.Plural("accounts.registered", *f.RegisteredAccounts, "year", c.year()))
	}
	if f.AVVOrganisations != nil && *f.AVVOrganisations > 0 {
		s = append(s, c.Plural("accounts.avv", *f.AVVOrganisations))
	}
	if f.Servers != nil && *f.Servers > 0 {
		s = append(s, c.Plural("accounts.servers", *f.Servers, "year", c.year()))
	}
	md.Para(s...)
}
