// Package facts reads the team's own figures for the yearly report — money, accounts, agreements,
// law-enforcement requests, retention — from a strictly decoded YAML file.
package facts

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	// The time zone database travels with the binary, so a minimal host still knows Europe/Berlin.
	_ "time/tzdata"

	"go.yaml.in/yaml/v3"
)

// DefaultTimezone is the time zone of the report's days and months when the file names none.
const DefaultTimezone = "Europe/Berlin"

// Facts are the figures the team knows and the history does not. Optional numbers are nil when the
// file leaves them out; the report then leaves their sentence out.
type Facts struct {
	// Year is the calendar year the report covers.
	Year int `yaml:"year"`
	// Timezone names the IANA zone in which days and months are counted.
	Timezone string `yaml:"timezone"`
	// Service is the public name of the service.
	Service string `yaml:"service"`
	// DonationsEUR and ExpensesEUR are the year's totals in whole euros.
	DonationsEUR *int64 `yaml:"donations_eur"`
	ExpensesEUR  *int64 `yaml:"expenses_eur"`
	// DonationsQualifier and ExpensesQualifier say that the totals are rounded: about, over or
	// almost; empty when they are exact.
	DonationsQualifier Qualifier `yaml:"donations_qualifier"`
	ExpensesQualifier  Qualifier `yaml:"expenses_qualifier"`
	// ExpenseItems break the expenses down, in the order the file lists them; optional.
	ExpenseItems []ExpenseItem `yaml:"expense_items"`
	// MonthlyCostsEUR is what running the service costs per month, in whole euros.
	MonthlyCostsEUR *int64 `yaml:"monthly_costs_eur"`
	// RegisteredAccounts counts accounts at the end of the year.
	RegisteredAccounts *int64 `yaml:"registered_accounts"`
	// RegisteredAccountsQualifier says that RegisteredAccounts is rounded (about, over, almost).
	RegisteredAccountsQualifier Qualifier `yaml:"registered_accounts_qualifier"`
	// RegisteredAccountsStart counts accounts at the start of the year; it needs RegisteredAccounts.
	RegisteredAccountsStart *int64 `yaml:"registered_accounts_start"`
	// AVVOrganisations counts organisations with a data-processing agreement (AVV).
	AVVOrganisations *int64 `yaml:"avv_organisations"`
	// DPAOffered says that the service offers a data-processing agreement (AVV), for a report that
	// gives no count of them; nil when the file does not say.
	DPAOffered *bool `yaml:"dpa_offered"`
	// Servers counts the servers that run the service.
	Servers *int64 `yaml:"servers"`
	// LogRetentionDays is how long logs are kept before they are deleted.
	LogRetentionDays *int64 `yaml:"log_retention_days"`
	// TrafficQualifier says how the text rounds the year's traffic, which the history knows to the
	// byte: over rounds down and writes "über 93 TB" (only when more than that flowed), almost rounds
	// up ("fast 94 TB"), about to the nearest ("circa 93 TB"); empty for the plain figure.
	TrafficQualifier Qualifier `yaml:"traffic_qualifier"`
	// Requests are the law-enforcement requests of the year, in the order the file lists them; nil
	// when the file says nothing about them, empty when it says there were none.
	Requests []Request `yaml:"law_enforcement_requests"`
	// Title is the post's title, one text for both languages or de and en; a title in the template's
	// front matter comes first, and without either the report's own is used.
	Title Text `yaml:"title"`
	// Template names the directory of the team's templates of the post (report.de.md, report.en.md),
	// relative to the facts file; empty for the template that ships. build --template overrides it.
	Template string `yaml:"template"`
	// Notes are optional free paragraphs, one per language.
	Notes Notes `yaml:"notes"`

	// Location is Timezone loaded; set by Parse.
	Location *time.Location `yaml:"-"`
}

// Request is one law-enforcement request as the team describes it. Its text is the team's own and
// is printed as written.
type Request struct {
	// Date is the day the request arrived, YYYY-MM-DD, or only its month, YYYY-MM.
	Date string `yaml:"date"`
	// Authority is who asked.
	Authority string `yaml:"authority"`
	// AuthorityKind is the kind of authority (police, prosecutor, court, intelligence, other); optional.
	AuthorityKind AuthorityKind `yaml:"authority_kind"`
	// DataType is the kind of data asked for (traffic, inventory, content); optional.
	DataType DataType `yaml:"data_type"`
	// Admissible says whether the request was formally admissible; nil when the file does not say.
	Admissible *bool `yaml:"admissible"`
	// HandedOver is what data was handed over ("none" or what kind), in one text or per language.
	HandedOver Text `yaml:"handed_over"`
	// ReplyTime is when the team answered: a keyword (same_day, next_day, few_days, a_week, weeks)
	// written in each page's language, or the team's own text ("a few days later"); optional.
	ReplyTime ReplyTime `yaml:"reply_time"`
	// Requested is what was asked for, in one text or per language.
	Requested Text `yaml:"requested"`
	// Outcome is how the team answered.
	Outcome Outcome `yaml:"outcome"`
	// Note is an optional explanation, in one text or per language.
	Note Text `yaml:"note"`

	// Day is Date parsed (the first of the month when MonthOnly); set by Parse.
	Day time.Time `yaml:"-"`
	// MonthOnly is true when Date names only a month; set by Parse.
	MonthOnly bool `yaml:"-"`
}

// AuthorityKind is the kind of authority that asked.
type AuthorityKind string

// The kinds of authority.
const (
	Police     AuthorityKind = "police"
	Prosecutor AuthorityKind = "prosecutor"
	Court      AuthorityKind = "court"
	// Intelligence is an intelligence service (Nachrichtendienst), which Posteo's report counts apart
	// from law enforcement.
	Intelligence AuthorityKind = "intelligence"
	OtherKind    AuthorityKind = "other"
)

// AuthorityKinds lists every valid authority kind.
var AuthorityKinds = []AuthorityKind{Police, Prosecutor, Court, Intelligence, OtherKind}

// LawEnforcement reports whether k is a law-enforcement authority (police, prosecutor, court);
// false for an intelligence service, another authority, or none given.
func (k AuthorityKind) LawEnforcement() bool { return k == Police || k == Prosecutor || k == Court }

// DataType is the kind of data a request asked for, as German law distinguishes it.
type DataType string

// The kinds of data.
const (
	TrafficData   DataType = "traffic"   // Verkehrsdaten
	InventoryData DataType = "inventory" // Bestandsdaten
	ContentData   DataType = "content"   // Inhaltsdaten
)

// DataTypes lists every valid data type.
var DataTypes = []DataType{TrafficData, InventoryData, ContentData}

// ExpenseItem is one line of the expense breakdown: what for, in both languages, and how much.
type ExpenseItem struct {
	LabelDE string `yaml:"label_de"`
	LabelEN string `yaml:"label_en"`
	// AmountEUR is the amount in whole euros.
	AmountEUR *int64 `yaml:"amount_eur"`
}

// Qualifier says how a rounded figure relates to the true one.
type Qualifier string

// The qualifiers of a rounded figure.
const (
	About  Qualifier = "about"
	Over   Qualifier = "over"
	Almost Qualifier = "almost"
)

// Qualifiers lists every valid qualifier.
var Qualifiers = []Qualifier{About, Over, Almost}

// Outcome is how a request was answered.
type Outcome string

// The outcomes a request can have.
const (
	Rejected Outcome = "rejected"
	Complied Outcome = "complied"
	Partly   Outcome = "partly"
	NoData   Outcome = "no_data"
)

// Outcomes lists every valid outcome.
var Outcomes = []Outcome{Rejected, Complied, Partly, NoData}

// OutcomeAliases are the other words transparency reports use for the outcomes, in English and
// German, with the outcome each stands for; case and spacing do not matter. figures.json and the
// table always carry the canonical outcome.
var OutcomeAliases = map[string]Outcome{
	"refused": Rejected, "denied": Rejected, "declined": Rejected, "abgelehnt": Rejected,
	"answered": Complied, "complied with": Complied, "beantwortet": Complied, "herausgegeben": Complied,
	"partly answered": Partly, "partially": Partly, "partial": Partly, "teilweise": Partly, "teilweise beantwortet": Partly,
	"no data": NoData, "keine daten": NoData, "no such data": NoData,
}

// Notes holds free paragraphs per language. Notes in one language only are a mistake unless Only
// names that language: then the other report has no notes, as meant.
type Notes struct {
	DE string `yaml:"de"`
	EN string `yaml:"en"`
	// Only is "de" or "en" when the notes are meant for that language's report alone.
	Only string `yaml:"only"`
}

// UnmarshalYAML decodes the notes strictly and refuses one language without only.
func (n *Notes) UnmarshalYAML(node *yaml.Node) error {
	type plain Notes
	var p plain
	if node.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(node.Content); i += 2 {
			if k := node.Content[i]; k.Value != "de" && k.Value != "en" && k.Value != "only" {
				return fmt.Errorf("yaml: line %d: unknown field %q", k.Line, k.Value)
			}
		}
	}
	if err := node.Decode(&p); err != nil {
		return err
	}
	if p.Only != "" && p.Only != "de" && p.Only != "en" {
		return fmt.Errorf("yaml: line %d: notes: only: want de or en, got %q", node.Line, p.Only)
	}
	for _, l := range [][2]string{{"de", p.DE}, {"en", p.EN}} {
		if strings.TrimSpace(l[1]) == "" && p.DE+p.EN != "" && p.Only == "" {
			return fmt.Errorf("yaml: line %d: notes: %s missing: give the notes in de and en, or say only: de (or en) if they are meant for one report", node.Line, l[0])
		}
	}
	*n = Notes(p)
	return nil
}

// Load reads and checks the facts file at path; its errors name the file by path as given.
func Load(path string) (*Facts, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read facts: %w", err)
	}
	return Parse(path, data)
}

// Parse decodes and checks a facts file; name is used in error messages, which read
// "name:line: what is wrong".
func Parse(name string, data []byte) (*Facts, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, syntaxError(name, err)
	}
	if len(root.Content) == 0 {
		return nil, fmt.Errorf("%s: empty file, want a mapping with year, service and the figures", name)
	}
	doc := root.Content[0]
	if doc.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s:%d: want a mapping of fields, got %s", name, doc.Line, kindName(doc))
	}
	f := &Facts{Timezone: DefaultTimezone}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(f); err != nil {
		return nil, decodeError(name, doc, err)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%s:%d: more than one YAML document", name, extra.Line)
	}
	if err := f.validate(name, doc); err != nil {
		return nil, err
	}
	return f, nil
}
