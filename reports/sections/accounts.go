package sections

import "github.com/bbbkit/bbbkit/reports/i18n"

// accounts states registered accounts, organisations with a data-processing agreement (AVV) and the
// number of servers, as far as the facts give them.
func accounts(c *Context, md *Markdown) {
	f := c.Facts
	dpa := f.DPAOffered != nil && *f.DPAOffered && (f.AVVOrganisations == nil || *f.AVVOrganisations == 0)
	if f.RegisteredAccounts == nil && f.AVVOrganisations == nil && f.Servers == nil && !dpa {
		return
	}
	// A section that only counts servers is headed so, not "accounts and agreements".
	heading := "accounts.heading"
	if f.RegisteredAccounts == nil && (f.AVVOrganisations == nil || *f.AVVOrganisations == 0) && !dpa {
		heading = "accounts.heading.servers"
	}
	md.Heading(c.T(heading))
	var s []string
	if f.RegisteredAccounts != nil {
		if q := f.RegisteredAccountsQualifier; q != "" {
			// A rounded count is never one: "fast 10.000 Konten", "almost 10,000 accounts".
			s = append(s, c.T("accounts.registered.other", "year", c.year(), "n", qualified(c, q, *f.RegisteredAccounts, i18n.Int)))
		} else {
			s = append(s, c.Plural("accounts.registered", *f.RegisteredAccounts, "year", c.year()))
		}
		if f.RegisteredAccountsStart != nil {
			s = append(s, c.T("accounts.start", "n", c.Int(*f.RegisteredAccountsStart)))
		}
	}
	if f.AVVOrganisations != nil && *f.AVVOrganisations > 0 {
		s = append(s, c.Plural("accounts.avv", *f.AVVOrganisations))
	}
	if dpa {
		// Offered, but the facts give no count: say so without a number.
		s = append(s, c.T("accounts.dpa", "year", c.year()))
	}
	if f.Servers != nil && *f.Servers > 0 {
		s = append(s, c.Plural("accounts.servers", *f.Servers, "year", c.year()))
	}
	md.Para(s...)
}
