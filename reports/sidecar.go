package reports

import (
	"encoding/json"
	"time"

	"github.com/bbbkit/bbbkit/reports/facts"
	"github.com/bbbkit/bbbkit/reports/figures"
)

// SidecarFile is the name of the machine-readable figures in the page bundle; its schema is
// figures.schema.json beside this file and in docs/report.md.
const SidecarFile = "figures.json"

// Sidecar is every figure of the post, machine-readable. A figure that was not measured or that the
// facts leave out is null, never zero. It holds numbers and dates only: no name, ID or address.
type Sidecar struct {
	Version  int    `json:"version"`
	Year     int    `json:"year"`
	Service  string `json:"service"`
	Timezone string `json:"timezone"`
	// SpanFigures are the year's peak and traffic.
	SpanFigures
	Months []SidecarMonth `json:"months"`
	// DaysWithoutData, DaysPartlyMeasured and DaysIncomplete are local dates, YYYY-MM-DD. An
	// incomplete day is one on which a server in service did not answer for a while when that could
	// have changed the day's peak: its peak is a lower bound.
	DaysWithoutData    []string `json:"days_without_data"`
	DaysPartlyMeasured []string `json:"days_partly_measured"`
	DaysIncomplete     []string `json:"days_incomplete"`
	// Previous is the year before; null without measurements of it.
	Previous        *SidecarPrevious `json:"previous_year"`
	DonationsEUR    *int64           `json:"donations_eur"`
	ExpensesEUR     *int64           `json:"expenses_eur"`
	MonthlyCostsEUR *int64           `json:"monthly_costs_eur"`
	Accounts        *int64           `json:"registered_accounts"`
	// Qualifiers say that a figure is rounded (about, over, almost); null when it is exact.
	DonationsQualifier *string `json:"donations_qualifier"`
	ExpensesQualifier  *string `json:"expenses_qualifier"`
	AccountsQualifier  *string `json:"registered_accounts_qualifier"`
	// TrafficQualifier is how the text rounds the year's traffic (the bytes here are exact).
	TrafficQualifier *string `json:"traffic_qualifier"`
	// AccountsStart is the accounts at the start of the year.
	AccountsStart *int64 `json:"registered_accounts_start"`
	// DPAOffered is whether a data-processing agreement is offered; null when the facts do not say.
	DPAOffered       *bool  `json:"dpa_offered"`
	AVVOrganisations *int64 `json:"avv_organisations"`
	Servers          *int64 `json:"servers"`
	LogRetentionDays *int64 `json:"log_retention_days"`
	// Requests counts the authorities' requests by outcome; null when the facts are silent.
	Requests *SidecarRequests `json:"requests"`
}

// SidecarPeak is a peak and its local time (RFC 3339).
type SidecarPeak struct {
	Participants int64  `json:"participants"`
	Time         string `json:"time"`
	// LowerBound is true when a server did not answer for a while when it could have mattered: the
	// peak may have been higher than Participants, and at another time.
	LowerBound bool `json:"lower_bound"`
}

// SpanFigures are the peak and the traffic of a year or a month; null fields were not measured.
type SpanFigures struct {
	// Peak is the highest concurrent participants.
	Peak *SidecarPeak `json:"peak"`
	// TransmitBytes and ReceiveBytes are the traffic; null when traffic was not measured.
	TransmitBytes *uint64 `json:"transmit_bytes"`
	ReceiveBytes  *uint64 `json:"receive_bytes"`
}

// SidecarMonth is one month's figures.
type SidecarMonth struct {
	Month string `json:"month"`
	SpanFigures
}

// SidecarPrevious is the year before, for comparison.
type SidecarPrevious struct {
	Year int `json:"year"`
	SpanFigures
}

// spanFigures fills SpanFigures of a span; a direction is null when no byte of it was counted in the
// span (a host that counts only what it sends has no received bytes to give, not 0).
func spanFigures(p figures.Peak, has, lower bool, tx, rx uint64) SpanFigures {
	f := SpanFigures{Peak: peakOf(p, has, lower)}
	// Any traffic flows both ways: a direction without a byte in the span was not read.
	if tx > 0 {
		f.TransmitBytes = &tx
	}
	if rx > 0 {
		f.ReceiveBytes = &rx
	}
	return f
}

// SidecarRequests counts requests by how they were answered.
type SidecarRequests struct {
	Received int `json:"received"`
	Rejected int `json:"rejected"`
	Complied int `json:"complied"`
	Partly   int `json:"partly"`
	NoData   int `json:"no_data"`
	// ByAuthorityKind and ByDataType count the requests that name their kind of authority or
	// data; every kind is present, 0 when none. Requests that leave the kind out are not counted.
	ByAuthorityKind map[string]int `json:"by_authority_kind"`
	ByDataType      map[string]int `json:"by_data_type"`
}

func peakOf(p figures.Peak, has, lower bool) *SidecarPeak {
	if !has || p.Time.IsZero() {
		return nil
	}
	return &SidecarPeak{Participants: p.Endpoints, Time: p.Time.Format(time.RFC3339), LowerBound: lower}
}

func dates(ds []time.Time) []string {
	out := []string{}
	for _, d := range ds {
		out = append(out, d.Format(time.DateOnly))
	}
	return out
}

// sidecar writes the figures of y (and prev) with the facts f as JSON.
func sidecar(f *facts.Facts, y, prev *figures.Year) ([]byte, error) {
	s := Sidecar{Version: 1, Year: f.Year, Service: f.Service, Timezone: f.Location.String(),
		SpanFigures:     spanFigures(y.Peak, y.HasData, y.LowerBound(), y.TransmitBytes, y.ReceiveBytes),
		DaysWithoutData: dates(y.MissingDays()), DaysPartlyMeasured: dates(y.PartialDays()), DaysIncomplete: dates(y.IncompleteDays()),
		DonationsEUR: f.DonationsEUR, ExpensesEUR: f.ExpensesEUR, MonthlyCostsEUR: f.MonthlyCostsEUR,
		Accounts: f.RegisteredAccounts, AccountsStart: f.RegisteredAccountsStart, DPAOffered: f.DPAOffered, AVVOrganisations: f.AVVOrganisations, Servers: f.Servers, LogRetentionDays: f.LogRetentionDays}
	s.DonationsQualifier, s.ExpensesQualifier, s.AccountsQualifier = qualifier(f.DonationsQualifier), qualifier(f.ExpensesQualifier), qualifier(f.RegisteredAccountsQualifier)
	s.TrafficQualifier = qualifier(f.TrafficQualifier)
	for _, m := range y.Months {
		s.Months = append(s.Months, SidecarMonth{Month: m.Start.Format("2006-01"),
			SpanFigures: spanFigures(m.Peak, m.HasData, m.LowerBound(), m.TransmitBytes, m.ReceiveBytes)})
	}
	if prev != nil && prev.HasData {
		s.Previous = &SidecarPrevious{Year: prev.Year, SpanFigures: spanFigures(prev.Peak, true, prev.LowerBound(), prev.TransmitBytes, prev.ReceiveBytes)}
	}
	if f.Requests != nil {
		r := &SidecarRequests{Received: len(f.Requests), ByAuthorityKind: map[string]int{}, ByDataType: map[string]int{}}
		for _, k := range facts.AuthorityKinds {
			r.ByAuthorityKind[string(k)] = 0
		}
		for _, d := range facts.DataTypes {
			r.ByDataType[string(d)] = 0
		}
		for _, q := range f.Requests {
			if q.AuthorityKind != "" {
				r.ByAuthorityKind[string(q.AuthorityKind)]++
			}
			if q.DataType != "" {
				r.ByDataType[string(q.DataType)]++
			}
			switch q.Outcome {
			case facts.Rejected:
				r.Rejected++
			case facts.Complied:
				r.Complied++
			case facts.Partly:
				r.Partly++
			case facts.NoData:
				r.NoData++
			}
		}
		s.Requests = r
	}
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

// qualifier is q for figures.json, nil for an exact figure.
func qualifier(q facts.Qualifier) *string {
	if q == "" {
		return nil
	}
	s := string(q)
	return &s
}
