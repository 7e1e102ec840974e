package facts

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// The years a report may cover; anything else is a typo.
const (
	minYear = 2000
	maxYear = 2100
)

// validate checks values the decoder cannot: ranges, the time zone, dates and outcomes. Errors name
// the file and the line of the offending value.
func (f *Facts) validate(name string, doc *yaml.Node) error {
	at := func(path ...any) string { return fmt.Sprintf("%s:%d", name, lineOf(doc, path...)) }
	if f.Year == 0 {
		return fmt.Errorf("%s: year missing", at())
	}
	if f.Year < minYear || f.Year > maxYear {
		return fmt.Errorf("%s: year: want a year between %d and %d, got %d", at("year"), minYear, maxYear, f.Year)
	}
	if strings.TrimSpace(f.Timezone) == "" {
		return fmt.Errorf("%s: timezone: empty; leave the field out for %s", at("timezone"), DefaultTimezone)
	}
	loc, err := time.LoadLocation(f.Timezone)
	if err != nil || f.Timezone == "Local" {
		return fmt.Errorf("%s: timezone: unknown time zone %q, want an IANA name such as %s", at("timezone"), f.Timezone, DefaultTimezone)
	}
	f.Location = loc
	if strings.TrimSpace(f.Service) == "" {
		return fmt.Errorf("%s: service missing: the service's public name", at())
	}
	for _, n := range []struct {
		key string
		v   *int64
	}{
		{"donations_eur", f.DonationsEUR}, {"expenses_eur", f.ExpensesEUR},
		{"monthly_costs_eur", f.MonthlyCostsEUR}, {"registered_accounts", f.RegisteredAccounts},
		{"registered_accounts_start", f.RegisteredAccountsStart},
		{"avv_organisations", f.AVVOrganisations}, {"servers", f.Servers},
		{"log_retention_days", f.LogRetentionDays},
	} {
		if v := valueOf(doc, n.key); v != nil && v.Kind == yaml.ScalarNode && v.ShortTag() == "!!float" {
			return fmt.Errorf("%s: %s: want a whole number, got %q", at(n.key), n.key, v.Value)
		}
		if n.v != nil && *n.v < 0 {
			return fmt.Errorf("%s: %s: want a number of 0 or more, got %d", at(n.key), n.key, *n.v)
		}
	}
	if f.RegisteredAccountsStart != nil && f.RegisteredAccounts == nil {
		return fmt.Errorf("%s: registered_accounts_start: registered_accounts missing: give the accounts at the end of the year too", at("registered_accounts_start"))
	}
	for _, q := range []struct {
		key, of string
		q       Qualifier
		v       *int64
	}{{"donations_qualifier", "donations_eur", f.DonationsQualifier, f.DonationsEUR}, {"expenses_qualifier", "expenses_eur", f.ExpensesQualifier, f.ExpensesEUR},
		{"registered_accounts_qualifier", "registered_accounts", f.RegisteredAccountsQualifier, f.RegisteredAccounts},
		{"traffic_qualifier", "", f.TrafficQualifier, nil}} {
		if q.q == "" {
			continue
		}
		if !slices.Contains(Qualifiers, q.q) {
			return fmt.Errorf("%s: %s: want one of %s, got %q", at(q.key), q.key, list(Qualifiers), string(q.q))
		}
		if q.v == nil && q.of != "" {
			return fmt.Errorf("%s: %s: %s missing: a qualifier needs its figure", at(q.key), q.key, q.of)
		}
	}
	for i, e := range f.ExpenseItems {
		path := fmt.Sprintf("expense_items[%d]", i)
		if strings.TrimSpace(e.LabelDE) == "" || strings.TrimSpace(e.LabelEN) == "" {
			return fmt.Errorf("%s: %s: label_de and label_en needed: what the money was spent on", at("expense_items", i), path)
		}
		if e.AmountEUR == nil {
			return fmt.Errorf("%s: %s: amount_eur missing", at("expense_items", i), path)
		}
		if *e.AmountEUR < 0 {
			return fmt.Errorf("%s: %s.amount_eur: want a number of 0 or more, got %d", at("expense_items", i, "amount_eur"), path, *e.AmountEUR)
		}
	}
	if f.ExpensesEUR != nil && f.ExpensesQualifier == "" && len(f.ExpenseItems) > 0 {
		var sum int64
		for _, e := range f.ExpenseItems {
			sum += *e.AmountEUR
		}
		if sum != *f.ExpensesEUR {
			return fmt.Errorf("%s: expense_items: the items add up to %d, expenses_eur says %d; fix one, or say expenses_qualifier if the total is rounded", at("expense_items"), sum, *f.ExpensesEUR)
		}
	}
	for i := range f.Requests {
		if err := f.Requests[i].validate(f.Year, fmt.Sprintf("law_enforcement_requests[%d]", i),
			func(key string) string { return at("law_enforcement_requests", i, key) }); err != nil {
			return err
		}
	}
	return nil
}

func (r *Request) validate(year int, path string, at func(key string) string) error {
	if r.Date == "" {
		return fmt.Errorf("%s: %s: date missing (YYYY-MM-DD, or YYYY-MM for a month)", at(""), path)
	}
	day, err := time.Parse(time.DateOnly, r.Date)
	if err != nil {
		if day, err = time.Parse("2006-01", r.Date); err != nil {
			return fmt.Errorf("%s: %s.date: want a day as YYYY-MM-DD or a month as YYYY-MM, got %q", at("date"), path, r.Date)
		}
		r.MonthOnly = true
	}
	if day.Year() != year {
		return fmt.Errorf("%s: %s.date: %s is not in the report's year %d", at("date"), path, r.Date, year)
	}
	r.Day = day
	if strings.TrimSpace(r.Authority) == "" {
		return fmt.Errorf("%s: %s: authority missing: who asked", at(""), path)
	}
	if strings.TrimSpace(r.Requested.DE) == "" || strings.TrimSpace(r.Requested.EN) == "" {
		return fmt.Errorf("%s: %s: requested missing: what was asked for", at(""), path)
	}
	if r.Outcome == "" {
		return fmt.Errorf("%s: %s: outcome missing: one of %s", at(""), path, outcomeList())
	}
	if canon, ok := OutcomeAliases[strings.ToLower(strings.Join(strings.Fields(string(r.Outcome)), " "))]; ok {
		r.Outcome = canon
	}
	if !slices.Contains(Outcomes, r.Outcome) {
		return fmt.Errorf("%s: %s.outcome: want one of %s (or refused, answered, partly answered, abgelehnt, beantwortet, teilweise), got %q", at("outcome"), path, outcomeList(), string(r.Outcome))
	}
	if r.AuthorityKind != "" && !slices.Contains(AuthorityKinds, r.AuthorityKind) {
		return fmt.Errorf("%s: %s.authority_kind: want one of %s, got %q", at("authority_kind"), path, list(AuthorityKinds), string(r.AuthorityKind))
	}
	if r.DataType != "" && !slices.Contains(DataTypes, r.DataType) {
		return fmt.Errorf("%s: %s.data_type: want one of %s, got %q", at("data_type"), path, list(DataTypes), string(r.DataType))
	}
	return nil
}

func outcomeList() string { return list(Outcomes) }

func list[T ~string](vs []T) string {
	s := make([]string, len(vs))
	for i, o := range vs {
		s[i] = string(o)
	}
	return strings.Join(s, ", ")
}
