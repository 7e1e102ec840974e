package facts

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestLoadValid(t *testing.T) {
	f, err := Load("testdata/valid.yml")
	if err != nil {
		t.Fatal(err)
	}
	if f.Year != 2021 || f.Service != "Example Call" || f.Location.String() != "Europe/Berlin" {
		t.Errorf("got year %d service %q zone %s", f.Year, f.Service, f.Location)
	}
	if *f.DonationsEUR != 12000 || *f.ExpensesEUR != 9000 || *f.MonthlyCostsEUR != 450 ||
		*f.RegisteredAccounts != 9000 || *f.AVVOrganisations != 30 || *f.Servers != 20 || *f.LogRetentionDays != 3 {
		t.Errorf("numbers: %+v", f)
	}
	if len(f.Requests) != 1 || f.Requests[0].Outcome != Rejected || f.Requests[0].Day.Format("2006-01-02") != "2021-05-10" {
		t.Errorf("requests: %+v", f.Requests)
	}
	if f.Notes.DE == "" || f.Notes.EN == "" {
		t.Errorf("notes: %+v", f.Notes)
	}
}

// TestText reads a request's texts once for both languages or per language.
func TestText(t *testing.T) {
	f, err := Parse("t.yml", []byte(`year: 2021
service: Call
law_enforcement_requests:
  - date: 2021-05-10
    authority: Polizei
    requested:
      de: Namen der Teilnehmenden
      en: names of participants
    outcome: no_data
    note: "—"
`))
	if err != nil {
		t.Fatal(err)
	}
	r := f.Requests[0]
	if r.Requested.In("de") != "Namen der Teilnehmenden" || r.Requested.In("en") != "names of participants" ||
		r.Note.In("de") != "—" || r.Note.In("en") != "—" || r.Note.IsZero() || !(Text{}).IsZero() {
		t.Errorf("texts: %+v", r)
	}
}

// TestRequestFields reads the fields transparency reports use: a month for a date, the kind of
// authority and of data, admissibility, the data handed over and the reply time.
func TestRequestFields(t *testing.T) {
	f, err := Parse("t.yml", []byte(`year: 2021
service: Call
law_enforcement_requests:
  - date: 2021-05
    authority: Amtsgericht Köln
    authority_kind: court
    data_type: inventory
    admissible: false
    requested: Namen
    outcome: rejected
    handed_over: none
    reply_time:
      de: wenige Tage später
      en: a few days later
`))
	if err != nil {
		t.Fatal(err)
	}
	r := f.Requests[0]
	if !r.MonthOnly || r.Day.Format("2006-01-02") != "2021-05-01" || r.AuthorityKind != Court || r.DataType != InventoryData ||
		r.Admissible == nil || *r.Admissible || r.HandedOver.In("en") != "none" || r.ReplyTime.In("de") != "wenige Tage später" {
		t.Errorf("request: %+v", r)
	}
}

func TestQualifier(t *testing.T) {
	f, err := Parse("q.yml", []byte("year: 2021\nservice: Call\ndonations_eur: 11400\ndonations_qualifier: about\n"))
	if err != nil {
		t.Fatal(err)
	}
	if f.DonationsQualifier != About || f.ExpensesQualifier != "" {
		t.Errorf("qualifiers %q %q", f.DonationsQualifier, f.ExpensesQualifier)
	}
}

func TestExpenseItems(t *testing.T) {
	f, err := Parse("e.yml", []byte("year: 2021\nservice: Call\nexpense_items:\n  - label_de: Server\n    label_en: servers\n    amount_eur: 7200\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(f.ExpenseItems) != 1 || f.ExpenseItems[0].LabelEN != "servers" || *f.ExpenseItems[0].AmountEUR != 7200 {
		t.Errorf("items %+v", f.ExpenseItems)
	}
}

func TestDefaultsAndOptional(t *testing.T) {
	f, err := Parse("min.yml", []byte("year: 2024\nservice: Call\n"))
	if err != nil {
		t.Fatal(err)
	}
	if f.Timezone != DefaultTimezone || f.Location.String() != DefaultTimezone {
		t.Errorf("timezone %q", f.Timezone)
	}
	if f.DonationsEUR != nil || f.Servers != nil || len(f.Requests) != 0 {
		t.Errorf("optional fields set: %+v", f)
	}
}

// TestInvalid maps every testdata/invalid-*.yml to its exact error; a new file without an entry fails.
func TestInvalid(t *testing.T) {
	want := map[string]string{
		"invalid-authority-missing.yml":    "invalid-authority-missing.yml:4: law_enforcement_requests[0]: authority missing: who asked",
		"invalid-date-other-year.yml":      "invalid-date-other-year.yml:8: law_enforcement_requests[1].date: 2020-12-30 is not in the report's year 2021",
		"invalid-date.yml":                 `invalid-date.yml:4: law_enforcement_requests[0].date: want a day as YYYY-MM-DD or a month as YYYY-MM, got "2021-13-10"`,
		"invalid-authority-kind.yml":       `invalid-authority-kind.yml:6: law_enforcement_requests[0].authority_kind: want one of police, prosecutor, court, intelligence, other, got "ministry"`,
		"invalid-data-type.yml":            `invalid-data-type.yml:7: law_enforcement_requests[0].data_type: want one of traffic, inventory, content, got "metadata"`,
		"invalid-admissible.yml":           `invalid-admissible.yml:7: law_enforcement_requests[0].admissible: want true or false, got "maybe"`,
		"invalid-qualifier.yml":            `invalid-qualifier.yml:4: donations_qualifier: want one of about, over, almost, got "roughly"`,
		"invalid-qualifier-alone.yml":      "invalid-qualifier-alone.yml:3: expenses_qualifier: expenses_eur missing: a qualifier needs its figure",
		"invalid-accounts-start-alone.yml": "invalid-accounts-start-alone.yml:3: registered_accounts_start: registered_accounts missing: give the accounts at the end of the year too",
		"invalid-dpa-offered.yml":          `invalid-dpa-offered.yml:3: dpa_offered: want true or false, got "sometimes"`,
		"invalid-expense-label.yml":        "invalid-expense-label.yml:4: expense_items[0]: label_de and label_en needed: what the money was spent on",
		"invalid-expense-amount.yml":       "invalid-expense-amount.yml:6: expense_items[0].amount_eur: want a number of 0 or more, got -5",
		"invalid-expense-sum.yml":          "invalid-expense-sum.yml:5: expense_items: the items add up to 5, expenses_eur says 9; fix one, or say expenses_qualifier if the total is rounded",
		"invalid-accounts-qualifier.yml":   `invalid-accounts-qualifier.yml:4: registered_accounts_qualifier: want one of about, over, almost, got "nearly"`,
		"invalid-month-other-year.yml":     "invalid-month-other-year.yml:4: law_enforcement_requests[0].date: 2020-12 is not in the report's year 2021",
		"invalid-duplicate-key.yml":        "invalid-duplicate-key.yml:3: year given twice (first at line 1)",
		"invalid-empty.yml":                "invalid-empty.yml: empty file, want a mapping with year, service and the figures",
		"invalid-fraction.yml":             `invalid-fraction.yml:3: expenses_eur: want a whole number, got "9000.50"`,
		"invalid-indentation.yml":          "invalid-indentation.yml:3: mapping values are not allowed in this context",
		"invalid-list.yml":                 "invalid-list.yml:1: want a mapping of fields, got a list",
		"invalid-negative.yml":             "invalid-negative.yml:4: monthly_costs_eur: want a number of 0 or more, got -450",
		"invalid-not-a-number.yml":         `invalid-not-a-number.yml:3: donations_eur: want a whole number, got "twelve thousand"`,
		"invalid-notes-language.yml":       `invalid-notes-language.yml:5: unknown field "fr"`,
		"invalid-notes-one-language.yml":   "invalid-notes-one-language.yml:4: notes: en missing: give the notes in de and en, or say only: de (or en) if they are meant for one report",
		"invalid-outcome-missing.yml":      "invalid-outcome-missing.yml:4: law_enforcement_requests[0]: outcome missing: one of rejected, complied, partly, no_data",
		"invalid-outcome.yml":              `invalid-outcome.yml:7: law_enforcement_requests[0].outcome: want one of rejected, complied, partly, no_data (or refused, answered, partly answered, abgelehnt, beantwortet, teilweise), got "ignored"`,
		"invalid-traffic-qualifier.yml":    `invalid-traffic-qualifier.yml:3: traffic_qualifier: want one of about, over, almost, got "roughly"`,
		"invalid-request-unknown-key.yml":  `invalid-request-unknown-key.yml:8: unknown field "answer"`,
		"invalid-requests-not-list.yml":    `invalid-requests-not-list.yml:3: law_enforcement_requests: want a list of requests, got "none"`,
		"invalid-service-missing.yml":      "invalid-service-missing.yml:1: service missing: the service's public name",
		"invalid-syntax.yml":               "invalid-syntax.yml:2: found unexpected end of stream",
		"invalid-text-language.yml":        `invalid-text-language.yml:8: unknown language "fr", want de and en`,
		"invalid-text-one-language.yml":    "invalid-text-one-language.yml:9: en missing: give the text in de and en, or one text for both",
		"invalid-text-list.yml":            "invalid-text-list.yml:7: want a text, or de and en texts",
		"invalid-text-nested.yml":          "invalid-text-nested.yml:7: de: want a text",
		"invalid-timezone-empty.yml":       "invalid-timezone-empty.yml:2: timezone: empty; leave the field out for Europe/Berlin",
		"invalid-timezone.yml":             `invalid-timezone.yml:2: timezone: unknown time zone "Europe/Berlinn", want an IANA name such as Europe/Berlin`,
		"invalid-two-documents.yml":        "invalid-two-documents.yml:3: more than one YAML document",
		"invalid-unknown-key.yml":          `invalid-unknown-key.yml:3: unknown field "donation_eur"`,
		"invalid-year-missing.yml":         "invalid-year-missing.yml:1: year missing",
		"invalid-year-range.yml":           "invalid-year-range.yml:1: year: want a year between 2000 and 2100, got 21",
	}
	files, err := filepath.Glob("testdata/invalid-*.yml")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != len(want) {
		t.Errorf("%d invalid files, %d expected errors", len(files), len(want))
	}
	for _, path := range files {
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			w, ok := want[name]
			if !ok {
				t.Fatalf("no expected error for %s", name)
			}
			_, err := Load(path)
			if err == nil {
				t.Fatalf("no error, want %q", w)
			}
			if w = filepath.Join("testdata", w); err.Error() != w {
				t.Errorf("error\n got %q\nwant %q", err, w)
			}
		})
	}
}

func TestLoadMissingFile(t *testing.T) {
	if _, err := Load(filepath.Join(t.TempDir(), "nope.yml")); err == nil {
		t.Fatal("no error for a missing file")
	}
}

func TestRequestsSilentOrNone(t *testing.T) {
	silent, err := Parse("f.yml", []byte("year: 2024\nservice: Call\n"))
	if err != nil {
		t.Fatal(err)
	}
	none, err := Parse("f.yml", []byte("year: 2024\nservice: Call\nlaw_enforcement_requests: []\n"))
	if err != nil {
		t.Fatal(err)
	}
	if silent.Requests != nil || none.Requests == nil || len(none.Requests) != 0 {
		t.Errorf("silent %#v, none %#v: want nil and an empty list", silent.Requests, none.Requests)
	}
}

// TestOutcomeAliases: the words other reports use are taken and stored as the canonical outcome.
func TestOutcomeAliases(t *testing.T) {
	for alias, want := range map[string]Outcome{"refused": Rejected, "Abgelehnt": Rejected, "answered": Complied,
		"beantwortet": Complied, "partly  answered": Partly, "teilweise": Partly, "keine Daten": NoData, "rejected": Rejected} {
		f, err := Parse("a.yml", []byte("year: 2021\nservice: Call\nlaw_enforcement_requests:\n  - date: 2021-05\n    authority: LKA\n    requested: x\n    outcome: "+alias+"\n"))
		if err != nil {
			t.Errorf("%q: %v", alias, err)
			continue
		}
		if got := f.Requests[0].Outcome; got != want {
			t.Errorf("%q: outcome %q, want %q", alias, got, want)
		}
	}
}

// TestReplyTimeKeywords: reply_time takes a keyword, written per language by the report, beside a
// plain text (the same in both pages) and a de/en pair; a keyword in a pair is the team's text.
func TestReplyTimeKeywords(t *testing.T) {
	for in, want := range map[string]ReplyTime{
		"same_day":           {Keyword: "same_day"},
		"next_day":           {Keyword: "next_day"},
		"few_days":           {Keyword: "few_days"},
		"a_week":             {Keyword: "a_week"},
		"weeks":              {Keyword: "weeks"},
		"a few days later":   {Text: Text{DE: "a few days later", EN: "a few days later"}},
		"Weeks":              {Text: Text{DE: "Weeks", EN: "Weeks"}},
		"{de: weeks, en: x}": {Text: Text{DE: "weeks", EN: "x"}},
	} {
		f, err := Parse("r.yml", []byte("year: 2021\nservice: Call\nlaw_enforcement_requests:\n  - date: 2021-05\n    authority: AG\n    requested: IP\n    outcome: rejected\n    reply_time: "+in+"\n"))
		if err != nil {
			t.Fatalf("%s: %v", in, err)
		}
		if got := f.Requests[0].ReplyTime; got != want {
			t.Errorf("%s: %+v, want %+v", in, got, want)
		}
	}
	_, err := Parse("r.yml", []byte("year: 2021\nservice: Call\nlaw_enforcement_requests:\n  - date: 2021-05\n    authority: AG\n    requested: IP\n    outcome: rejected\n    reply_time: [weeks]\n"))
	if err == nil || !strings.Contains(err.Error(), "r.yml:") || !strings.Contains(err.Error(), "want a text") {
		t.Errorf("a list: %v", err)
	}
}
