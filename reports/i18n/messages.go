package i18n

// Messages is every sentence of the report, German beside English, keyed by id. Keys ending in .one
// and .other are the singular and plural of the same sentence. A test checks that every key has both
// languages with the same placeholders.
var Messages = map[string]Msg{
	// Front matter.
	"title": {
		DE: "Transparenzbericht {year}",
		EN: "Transparency report {year}",
	},
	"description": {
		DE: "{service} im Jahr {year}: {peak} Teilnehmende gleichzeitig und {traffic} Datenverkehr.",
		EN: "{service} in {year}: {peak} participants at the same time and {traffic} of traffic.",
	},
	"slug": {DE: "transparenzbericht-{year}", EN: "transparency-report-{year}"},
	"description.notraffic": {
		DE: "{service} im Jahr {year}: {peak} Teilnehmende gleichzeitig.",
		EN: "{service} in {year}: {peak} participants at the same time.",
	},
	"description.nodata": {
		DE: "{service} im Jahr {year}: Geld, Konten und Anfragen von Behörden.",
		EN: "{service} in {year}: money, accounts and requests from authorities.",
	},

	// Introduction.
	"intro": {
		DE: "In diesem Bericht legen wir offen, {topics}.",
		EN: "In this report we lay open {topics}.",
	},
	"intro.cost":       {DE: "was der Betrieb von {service} im Jahr {year} gekostet hat", EN: "what running {service} cost in {year}"},
	"intro.busy":       {DE: "wie viel los war", EN: "how busy it was"},
	"intro.busy_first": {DE: "wie viel im Jahr {year} auf {service} los war", EN: "how busy {service} was in {year}"},
	"intro.asked":      {DE: "wer Daten von uns wollte", EN: "who asked us for data"},
	"intro.measure": {
		DE: "Die Zahlen zur Nutzung stammen aus unseren eigenen Messungen: Sie zählen, wie viele Menschen gleichzeitig verbunden sind und wie viele Bytes fließen – nie, wer es ist.",
		EN: "The usage figures come from our own measurements: they count how many people are connected at the same time and how many bytes flow – never who they are.",
	},
	// When traffic was not measured: no word of bytes.
	"intro.measure.notraffic": {
		DE: "Die Zahlen zur Nutzung stammen aus unseren eigenen Messungen: Sie zählen, wie viele Menschen gleichzeitig verbunden sind – nie, wer es ist.",
		EN: "The usage figures come from our own measurements: they count how many people are connected at the same time – never who they are.",
	},

	// Peak.
	"peak.heading": {DE: "Gleichzeitige Teilnehmende", EN: "Participants at the same time"},
	// A peak that is only a lower bound: a server did not answer for a while when it might have
	// mattered.
	"peak.atleast": {DE: "mindestens {n}", EN: "at least {n}"},
	"peak.upto":    {DE: "bis zu {n}", EN: "up to {n}"},
	"peak.year_atleast": {
		DE: "Der höchste gemessene Stand des Jahres {year}: Am {date} um {time} Uhr waren mindestens {peak} Teilnehmende gleichzeitig verbunden. Weil nicht jeder unserer Server zu jeder Zeit antwortete, kann der Höchststand des Jahres höher gewesen sein.",
		EN: "The highest we measured in {year}: on {date} at {time}, at least {peak} participants were connected at the same time. As not every one of our servers answered at all times, the year's peak may have been higher.",
	},
	"peak.year": {
		DE: "Der Höchststand des Jahres {year}: Am {date} um {time} Uhr waren {peak} Teilnehmende gleichzeitig verbunden.",
		EN: "The busiest moment of {year} came on {date}: at {time}, {peak} participants were connected at the same time.",
	},
	// The record reached on two days, or on more.
	"peak.year_again": {
		DE: "Der Höchststand des Jahres {year}: {peak} Teilnehmende gleichzeitig, am {date} um {time} Uhr und noch einmal am {again}.",
		EN: "The busiest moments of {year}: {peak} participants were connected at the same time on {date} at {time}, and again on {again}.",
	},
	"peak.year_days": {
		DE: "Der Höchststand des Jahres {year}: {peak} Teilnehmende gleichzeitig, erreicht an {n} Tagen, zuerst am {date} um {time} Uhr.",
		EN: "The highest number of participants at the same time in {year} was {peak}, reached on {n} days, first on {date} at {time}.",
	},
	"peak.prev_days": {
		DE: "Ein Jahr zuvor{when} lag der Höchststand bei {peak}, erreicht an {n} Tagen, zuerst am {date}.",
		EN: "A year earlier{when} the peak was {peak}, reached on {n} days, first on {date}.",
	},
	"peak.prev": {
		DE: "Ein Jahr zuvor{when} lag der Höchststand bei {peak}, am {date}.",
		EN: "A year earlier{when} the peak was {peak}, on {date}.",
	},
	// A year earlier, when that year was not measured on every day.
	"prev.span": {DE: "(gemessen nur vom {span})", EN: "(measured only from {span})"},
	"prev.days": {DE: "(gemessen an nur {n} von {total} Tagen)", EN: "(measured on only {n} of {total} days)"},
	"peak.none": {
		DE: "Für {year} liegen keine Messungen der Teilnehmenden vor.",
		EN: "We have no measurements of participants for {year}.",
	},
	"peak.counting": {
		DE: "Gezählt werden alle Server zusammen im selben Augenblick; wer mit zwei Geräten dabei ist, etwa mit Laptop und Telefon, zählt doppelt.",
		EN: "We count all servers together at the same instant; someone connected with two devices, say a laptop and a phone, counts twice.",
	},
	"peak.months": {
		DE: "Der Höchststand jedes Monats:",
		EN: "The peak of every month:",
	},
	"chart.endpoints.title": {
		DE: "Gleichzeitige Teilnehmende {year}, Höchststand je Tag",
		EN: "Participants at the same time in {year}, daily peak",
	},
	"chart.endpoints.ylabel": {DE: "Teilnehmende", EN: "participants"},

	// Tables.
	"table.month":  {DE: "Monat", EN: "Month"},
	"table.peak":   {DE: "Höchststand {year}", EN: "Peak {year}"},
	"table.day":    {DE: "Tag", EN: "Day"},
	"table.out":    {DE: "Ausgehend {year}", EN: "Out {year}"},
	"table.in":     {DE: "Eingehend {year}", EN: "In {year}"},
	"table.share":  {DE: "Anteil ausgehend", EN: "Outgoing share"},
	"table.nodata": {DE: "keine Daten", EN: "no data"},
	// A month with participant figures but no traffic measured: never "0 TB".
	"table.notmeasured": {DE: "nicht gemessen", EN: "not measured"},
	"table.date":        {DE: "Datum", EN: "Date"},
	"table.authority":   {DE: "Behörde", EN: "Authority"},
	"table.requested":   {DE: "Was verlangt wurde", EN: "What was asked for"},
	"table.outcome":     {DE: "Unsere Antwort", EN: "Our answer"},
	"table.note":        {DE: "Anmerkung", EN: "Note"},

	// Traffic.
	"traffic.heading": {DE: "Datenverkehr", EN: "Traffic"},
	"traffic.year": {
		DE: "{when} haben unsere Server {out} gesendet und {in} empfangen; {share} des Verkehrs gingen nach außen.",
		EN: "{when} our servers sent {out} and received {in}; {share} of the traffic was outgoing.",
	},
	"traffic.year.out_only": {
		DE: "{when} haben unsere Server {out} gesendet; den eingehenden Verkehr haben wir nicht gemessen.",
		EN: "{when} our servers sent {out}; we did not measure incoming traffic.",
	},
	"traffic.year.in_only": {
		DE: "{when} haben unsere Server {in} empfangen; den ausgehenden Verkehr haben wir nicht gemessen.",
		EN: "{when} our servers received {in}; we did not measure outgoing traffic.",
	},
	// The time a year's traffic covers: the year, or only the months in which it was measured.
	"traffic.when":        {DE: "{year}", EN: "In {year}"},
	"traffic.when.month":  {DE: "Im {month} {year}", EN: "In {month} {year}"},
	"traffic.when.span":   {DE: "Von {from} bis {to} {year}", EN: "From {from} to {to} {year}"},
	"traffic.when.months": {DE: "In den {n} Monaten des Jahres {year}, in denen wir ihn gemessen haben,", EN: "In the {n} months of {year} in which we measured it,"},
	"traffic.partly": {
		DE: "In den übrigen Monaten haben wir den Datenverkehr nicht gemessen.",
		EN: "We did not measure traffic in the other months.",
	},
	// The year before's traffic, measured in some of its months only.
	"prev.traffic.month":  {DE: "(gemessen nur im {month} {year})", EN: "(measured only in {month} {year})"},
	"prev.traffic.span":   {DE: "(gemessen nur von {from} bis {to} {year})", EN: "(measured only from {from} to {to} {year})"},
	"prev.traffic.months": {DE: "(gemessen in nur {n} Monaten des Jahres {year})", EN: "(measured in only {n} months of {year})"},
	"traffic.why": {
		DE: "Das ist typisch für Videokonferenzen: Der Server schickt jedem Teilnehmenden Bild und Ton aller anderen.",
		EN: "That is typical of video conferences: the server sends every participant the picture and sound of everyone else.",
	},
	"traffic.prev": {
		DE: "Ein Jahr zuvor{when} waren es {out} ausgehend und {in} eingehend, {share} davon nach außen.",
		EN: "A year earlier{when} it was {out} out and {in} in, {share} of it outgoing.",
	},
	"traffic.none": {
		DE: "Für {year} liegen keine Messungen des Datenverkehrs vor.",
		EN: "We have no measurements of traffic for {year}.",
	},
	"traffic.months": {
		DE: "Datenverkehr je Monat in Terabyte (1 TB = 10¹² Byte, so wie Hoster abrechnen):",
		EN: "Traffic per month in terabytes (1 TB = 10¹² bytes, as hosters bill it):",
	},
	"chart.traffic.title":  {DE: "Datenverkehr je Monat {year}", EN: "Traffic per month in {year}"},
	"chart.traffic.ylabel": {DE: "TB", EN: "TB"},
	"chart.traffic.out":    {DE: "ausgehend", EN: "outgoing"},
	"chart.traffic.in":     {DE: "eingehend", EN: "incoming"},

	// Money.
	"money.heading": {DE: "Geld", EN: "Money"},
	"money.both": {
		DE: "{year} haben wir {donations} an Spenden erhalten und {expenses} ausgegeben.",
		EN: "In {year} we received {donations} in donations and spent {expenses}.",
	},
	"money.donations": {
		DE: "{year} haben wir {donations} an Spenden erhalten.",
		EN: "In {year} we received {donations} in donations.",
	},
	"money.expenses": {
		DE: "{year} haben wir {expenses} ausgegeben.",
		EN: "In {year} we spent {expenses}.",
	},
	// A year without donations.
	"money.none_spent": {
		DE: "{year} haben wir keine Spenden erhalten und {expenses} ausgegeben.",
		EN: "In {year} we received no donations and spent {expenses}.",
	},
	"money.none": {
		DE: "{year} haben wir keine Spenden erhalten.",
		EN: "In {year} we received no donations.",
	},
	"money.surplus": {
		DE: "Es bleiben {diff} für die kommenden Jahre.",
		EN: "That leaves {diff} for the years ahead.",
	},
	"money.deficit": {
		DE: "Wir haben {diff} mehr ausgegeben, als an Spenden kam.",
		EN: "We spent {diff} more than came in as donations.",
	},
	// Qualifiers of rounded sums, before the figure: "circa 11.400 €", "about €11,400".
	"qualifier.about":  {DE: "circa", EN: "about"},
	"qualifier.over":   {DE: "über", EN: "over"},
	"qualifier.almost": {DE: "fast", EN: "almost"},
	"money.items":      {DE: "Wofür wir das Geld ausgegeben haben:", EN: "What we spent the money on:"},
	"table.item":       {DE: "Posten", EN: "Item"},
	"table.amount":     {DE: "Betrag", EN: "Amount"},
	"money.monthly": {
		DE: "Der laufende Betrieb kostet uns etwa {monthly} im Monat.",
		EN: "Running the service costs us about {monthly} a month.",
	},

	// Accounts, agreements, servers.
	"accounts.heading":         {DE: "Konten und Vereinbarungen", EN: "Accounts and agreements"},
	"accounts.heading.servers": {DE: "Server", EN: "Servers"},
	"accounts.registered.one": {
		DE: "Ende {year} war ein Konto registriert.",
		EN: "At the end of {year}, one account was registered.",
	},
	"accounts.registered.other": {
		DE: "Ende {year} waren {n} Konten registriert.",
		EN: "At the end of {year}, {n} accounts were registered.",
	},
	"accounts.start": {
		DE: "Zu Beginn des Jahres waren es {n}.",
		EN: "At the start of the year there were {n}.",
	},
	"accounts.dpa": {
		DE: "{year} haben wir Organisationen einen Vertrag zur Auftragsverarbeitung (AVV) angeboten.",
		EN: "In {year} we offered organisations a data-processing agreement (AVV).",
	},
	"accounts.avv.one": {
		DE: "Mit einer gemeinnützigen Organisation hatten wir einen Vertrag zur Auftragsverarbeitung (AVV).",
		EN: "We had a data-processing agreement (AVV) with one non-profit organisation.",
	},
	"accounts.avv.other": {
		DE: "Mit {n} gemeinnützigen Organisationen hatten wir einen Vertrag zur Auftragsverarbeitung (AVV).",
		EN: "We had a data-processing agreement (AVV) with {n} non-profit organisations.",
	},
	"accounts.servers.one": {
		DE: "{year} lief der Dienst auf einem Server.",
		EN: "In {year} the service ran on one server.",
	},
	"accounts.servers.other": {
		DE: "{year} lief der Dienst auf {n} Servern.",
		EN: "In {year} the service ran on {n} servers.",
	},

	// Law-enforcement requests.
	"requests.heading": {DE: "Anfragen von Behörden", EN: "Requests from authorities"},
	"requests.none": {
		DE: "{year} hat uns keine Anfrage von Strafverfolgungsbehörden erreicht.",
		EN: "In {year} we received no requests from law enforcement.",
	},
	"requests.one": {
		DE: "{year} hat uns eine Anfrage einer Strafverfolgungsbehörde erreicht. Was verlangt wurde und was wir geantwortet haben:",
		EN: "In {year} we received one request from law enforcement. What was asked for, and what we answered:",
	},
	// When a request came from an intelligence service or another authority: not "law enforcement".
	"requests.any.one": {
		DE: "{year} hat uns eine Anfrage einer Behörde erreicht. Was verlangt wurde und was wir geantwortet haben:",
		EN: "In {year} we received one request from an authority. What was asked for, and what we answered:",
	},
	"requests.any.other": {
		DE: "{year} haben uns {n} Anfragen von Behörden erreicht. Was verlangt wurde und was wir geantwortet haben:",
		EN: "In {year} we received {n} requests from authorities. What was asked for, and what we answered:",
	},
	"requests.other": {
		DE: "{year} haben uns {n} Anfragen von Strafverfolgungsbehörden erreicht. Was verlangt wurde und was wir geantwortet haben:",
		EN: "In {year} we received {n} requests from law enforcement. What was asked for, and what we answered:",
	},
	"outcome.rejected": {DE: "abgelehnt", EN: "rejected"},
	// reply_time keywords: when the team answered a request.
	"reply.same_day":   {DE: "am selben Tag", EN: "the same day"},
	"reply.next_day":   {DE: "am nächsten Tag", EN: "the next day"},
	"reply.few_days":   {DE: "wenige Tage später", EN: "a few days later"},
	"reply.a_week":     {DE: "nach etwa einer Woche", EN: "about a week later"},
	"reply.weeks":      {DE: "nach mehreren Wochen", EN: "several weeks later"},
	"outcome.complied": {DE: "beantwortet, Daten herausgegeben", EN: "complied, data handed over"},
	"outcome.partly":   {DE: "teilweise beantwortet", EN: "partly answered"},
	"outcome.no_data":  {DE: "keine solchen Daten vorhanden", EN: "we had no such data"},
	// Kinds of authority and of data, as transparency reports name them.
	"kind.police":        {DE: "Polizei", EN: "police"},
	"kind.prosecutor":    {DE: "Staatsanwaltschaft", EN: "public prosecutor"},
	"kind.court":         {DE: "Gericht", EN: "court"},
	"kind.intelligence":  {DE: "Nachrichtendienst", EN: "intelligence service"},
	"kind.other":         {DE: "andere Behörde", EN: "other authority"},
	"datatype.traffic":   {DE: "Verkehrsdaten", EN: "traffic data"},
	"datatype.inventory": {DE: "Bestandsdaten", EN: "subscriber data"},
	"datatype.content":   {DE: "Inhaltsdaten", EN: "content data"},
	"admissible.true":    {DE: "ja", EN: "yes"},
	"admissible.false":   {DE: "nein", EN: "no"},
	"table.kind":         {DE: "Art der Behörde", EN: "Kind of authority"},
	"table.datatype":     {DE: "Art der Daten", EN: "Kind of data"},
	"table.admissible":   {DE: "Formal zulässig", EN: "Formally admissible"},
	"table.handedover":   {DE: "Herausgegebene Daten", EN: "Data handed over"},
	"table.replytime":    {DE: "Wann wir antworteten", EN: "When we answered"},

	// Retention.
	"retention.heading": {DE: "Wie lange wir Protokolle aufbewahren", EN: "How long we keep logs"},
	"retention.zero": {
		DE: "{year} haben wir keine Protokolle aufbewahrt.",
		EN: "In {year} we kept no logs.",
	},
	"retention.days.one": {
		DE: "{year} haben wir die Protokolle unserer Server nach einem Tag gelöscht.",
		EN: "In {year} we deleted our servers' logs after one day.",
	},
	"retention.days.other": {
		DE: "{year} haben wir die Protokolle unserer Server nach {n} Tagen gelöscht.",
		EN: "In {year} we deleted our servers' logs after {n} days.",
	},
	"retention.heading.measurements": {DE: "Was unsere Messungen enthalten", EN: "What our measurements hold"},
	"retention.measurements.notraffic": {
		DE: "Die Messungen, aus denen dieser Bericht entsteht, enthalten nur Zahlen: wie viele Teilnehmende gleichzeitig verbunden waren. Namen, Adressen und Raumnamen kommen darin nicht vor.",
		EN: "The measurements behind this report hold numbers only: how many participants were connected at the same time. Names, addresses and room names are not in them.",
	},
	"retention.measurements": {
		DE: "Die Messungen, aus denen dieser Bericht entsteht, enthalten nur Zahlen: wie viele Teilnehmende gleichzeitig verbunden waren und wie viele Bytes flossen. Namen, Adressen und Raumnamen kommen darin nicht vor.",
		EN: "The measurements behind this report hold numbers only: how many participants were connected at the same time and how many bytes flowed. Names, addresses and room names are not in them.",
	},

	// Notes.
	"notes.heading": {DE: "Anmerkungen", EN: "Notes"},

	// Gaps.
	"gaps.heading": {DE: "Lücken in den Daten", EN: "Gaps in the data"},
	"gaps.none": {
		DE: "Für jeden Tag des Jahres {year} liegen Messungen vor.",
		EN: "We have measurements for every day of {year}.",
	},
	"gaps.one": {
		DE: "An einem Tag fehlen Daten: {days}. Die Zahlen oben beruhen auf den übrigen Tagen.",
		EN: "No data on one day: {days}. The figures above rest on the other days.",
	},
	"gaps.other": {
		DE: "An {n} Tagen fehlen Daten: {days}. Die Zahlen oben beruhen auf den übrigen Tagen.",
		EN: "No data on {n} days: {days}. The figures above rest on the other days.",
	},
	"gaps.all": {
		DE: "Für {year} liegen keine Messungen vor; die Zahlen zur Nutzung fehlen deshalb.",
		EN: "We have no measurements for {year}, so the usage figures are missing.",
	},
	// The first year measured: the days before the first sample are not a gap.
	"gaps.start": {
		DE: "Unsere Messungen begannen am {date}; die Zahlen dieses Berichts reichen von dort bis zum Jahresende.",
		EN: "Our measurements began on {date}; the figures in this report run from then to the end of the year.",
	},
	"gaps.range": {DE: "{from} bis {to}", EN: "{from} to {to}"},
	"gaps.partial.one": {
		DE: "An einem Tag deckten die Messungen weniger als den halben Tag ab: {days}; sein Höchststand kann zu niedrig sein.",
		EN: "On one day the measurements covered less than half the day: {days}; its peak may be too low.",
	},
	// Days on which a server did not answer for a while as the others were counted, at instants
	// where that could have changed the day's peak.
	"gaps.incomplete.one": {
		DE: "An einem Tag antwortete einer unserer Server zeitweise nicht, während die anderen gezählt wurden: {days}; sein Höchststand kann höher gewesen sein als angegeben.",
		EN: "On one day one of our servers did not answer for a while as the others were counted: {days}; its peak may have been higher than shown.",
	},
	"gaps.incomplete.other": {
		DE: "An {n} Tagen antwortete mindestens einer unserer Server zeitweise nicht, während die anderen gezählt wurden: {days}; ihre Höchststände können höher gewesen sein als angegeben.",
		EN: "On {n} days at least one of our servers did not answer for a while as the others were counted: {days}; their peaks may have been higher than shown.",
	},
	"gaps.partial.other": {
		DE: "An {n} Tagen deckten die Messungen weniger als den halben Tag ab: {days}; ihre Höchststände können zu niedrig sein.",
		EN: "On {n} days the measurements covered less than half the day: {days}; their peaks may be too low.",
	},

	// Alt text of the endpoints chart.
	"alt.endpoints.intro": {
		DE: "Liniendiagramm: der Höchststand gleichzeitiger Teilnehmender an jedem Tag des Jahres {year}.",
		EN: "Line chart of the highest number of participants at the same time on each day of {year}.",
	},
	"alt.seg.rising": {
		DE: "vom {span} steigt {it} von etwa {a} auf {b}",
		EN: "from {span} {it} rises from about {a} to {b}",
	},
	"alt.seg.falling": {
		DE: "vom {span} fällt {it} von etwa {a} auf {b}",
		EN: "from {span} {it} falls from about {a} to {b}",
	},
	"alt.seg.flat": {
		DE: "vom {span} bleibt {it} flach bei etwa {a}",
		EN: "from {span} {it} stays flat at about {a}",
	},
	"alt.seg.level": {
		DE: "vom {span} bleibt {it} ungefähr auf einer Höhe, zwischen etwa {a} und {b}",
		EN: "from {span} {it} stays roughly level, between about {a} and {b}",
	},
	"alt.it.first": {DE: "die Kurve", EN: "the curve"},
	"alt.it.next":  {DE: "sie", EN: "it"},
	// A curve with a weekly rhythm: the runs follow the weekday level.
	"alt.it.first_weekly": {DE: "das Niveau der Werktage", EN: "the weekday peak"},
	"alt.it.next_weekly":  {DE: "es", EN: "it"},
	"alt.weekly": {
		DE: "Die Kurve geht jede Woche auf und ab: Am Wochenende fällt sie auf etwa {pct} des Niveaus der Werktage.",
		EN: "The curve goes up and down every week: at weekends it drops to about {pct} of the weekday level.",
	},
	"alt.endpoints.months": {
		DE: "Nach Monaten lag der Höchststand am höchsten im {high}, am niedrigsten im {low}.",
		EN: "By month, the peak was highest in {high}; it was lowest in {low}.",
	},
	"alt.endpoints.months_high": {
		DE: "Nach Monaten lag der Höchststand am höchsten im {high}.",
		EN: "By month, the peak was highest in {high}.",
	},
	"alt.endpoints.months_even": {
		DE: "Jeder Monat mit Daten erreichte denselben Höchststand, {value}.",
		EN: "Every month with data reached the same peak, {value}.",
	},
	"alt.month_value": {DE: "{month} ({value})", EN: "{month} ({value})"},
	"alt.endpoints.record": {
		DE: "Der Rekord, im Diagramm markiert: {peak} am {date}.",
		EN: "The record, marked in the chart: {peak} on {date}.",
	},
	"alt.endpoints.record_atleast": {
		DE: "Der höchste gemessene Stand, im Diagramm markiert: {peak} am {date}; weil nicht jeder Server zu jeder Zeit antwortete, kann der Rekord höher gewesen sein.",
		EN: "The highest we measured, marked in the chart: {peak} on {date}; as not every server answered at all times, the record may have been higher.",
	},
	"alt.endpoints.record_again": {
		DE: "Der Rekord, im Diagramm markiert: {peak} am {date}, noch einmal erreicht am {again}.",
		EN: "The record, marked in the chart: {peak} on {date}, reached again on {again}.",
	},
	"alt.endpoints.record_days": {
		DE: "Der Rekord, im Diagramm markiert: {peak} am {date}, dem ersten von {n} Tagen, die ihn erreichten.",
		EN: "The record, marked in the chart: {peak} on {date}, the first of {n} days that reached it.",
	},
	"alt.endpoints.low_days": {
		DE: "Der niedrigste Höchststand eines Tages, {low}, kam an {n} Tagen vor, zuerst am {date}.",
		EN: "The lowest daily peak, {low}, came on {n} days, the first on {date}.",
	},
	// The quietest day when a day not measured in full (a server missing, or less than half the
	// day covered) had a lower measured peak: it is the quietest only of those measured in full.
	"alt.endpoints.low_full": {
		DE: "Von den vollständig gemessenen Tagen war am {date} am wenigsten los, mit {low}.",
		EN: "Of the days measured in full, the quietest was {date}, with {low}.",
	},
	"alt.endpoints.low_days_full": {
		DE: "Der niedrigste Höchststand eines vollständig gemessenen Tages, {low}, kam an {n} Tagen vor, zuerst am {date}.",
		EN: "The lowest peak of a day measured in full, {low}, came on {n} days, the first on {date}.",
	},
	"alt.endpoints.low": {
		DE: "Am wenigsten los war am {date} mit {low}.",
		EN: "The quietest day was {date}, with {low}.",
	},
	"alt.gaps": {
		DE: "Die Linie hat Lücken, wo Daten fehlen: {days}.",
		EN: "The line has gaps where data is missing: {days}.",
	},
	"alt.nodata": {
		DE: "Diagramm ohne Daten: Für {year} liegen keine Messungen vor.",
		EN: "Chart without data: there are no measurements for {year}.",
	},

	// Alt text of the traffic chart.
	"alt.traffic.share": {
		DE: "{share} des Datenverkehrs gingen hinaus.",
		EN: "{share} of the traffic went out.",
	},
	"chart.long": {DE: "Zum Diagramm: {text}", EN: "About the chart: {text}"},
	"alt.traffic.intro": {
		DE: "Balkendiagramm: Datenverkehr je Monat im Jahr {year}, ausgehend und eingehend, in Terabyte.",
		EN: "Bar chart of traffic per month in {year}, outgoing and incoming, in terabytes.",
	},
	"alt.traffic.intro_one": {
		DE: "Balkendiagramm: Datenverkehr je Monat im Jahr {year}, {dir}, in Terabyte.",
		EN: "Bar chart of traffic per month in {year}, {dir}, in terabytes.",
	},
	"alt.traffic.only_out": {
		DE: "Gemessen wurde nur der ausgehende Verkehr.",
		EN: "Only outgoing traffic was measured.",
	},
	"alt.traffic.only_in": {
		DE: "Gemessen wurde nur der eingehende Verkehr.",
		EN: "Only incoming traffic was measured.",
	},
	"alt.traffic.busiest_one": {
		DE: "Am meisten Verkehr hatte der {month} mit {v}, am wenigsten der {low_month} mit {low_v}.",
		EN: "The busiest month was {month}, with {v}; the quietest was {low_month}, with {low_v}.",
	},
	"alt.traffic.out_always": {
		DE: "In jedem Monat überwiegt der ausgehende Verkehr; übers Jahr macht er {share} aus.",
		EN: "Outgoing traffic is larger in every month and makes up {share} of the year.",
	},
	"alt.traffic.out_always_bars": {
		DE: "In jedem Monat mit Balken überwiegt der ausgehende Verkehr; insgesamt macht er {share} aus.",
		EN: "Outgoing traffic is larger in every month with bars and makes up {share} of the total.",
	},
	"alt.traffic.busiest_only": {
		DE: "Am meisten Verkehr hatte der {month} mit {out} ausgehend und {in} eingehend.",
		EN: "The busiest month was {month}, with {out} out and {in} in.",
	},
	"alt.traffic.busiest_one_only": {
		DE: "Am meisten Verkehr hatte der {month} mit {v}.",
		EN: "The busiest month was {month}, with {v}.",
	},
	"alt.traffic.out_mostly": {
		DE: "In {n} von {m} Monaten überwiegt der ausgehende Verkehr; insgesamt macht er {share} aus.",
		EN: "Outgoing traffic is larger in {n} of {m} months and makes up {share} of the total.",
	},
	"alt.traffic.in_mostly": {
		DE: "Der eingehende Verkehr überwiegt; der ausgehende macht insgesamt nur {share} aus.",
		EN: "Incoming traffic dominates; outgoing makes up only {share} of the total.",
	},
	"alt.traffic.busiest": {
		DE: "Am meisten Verkehr hatte der {month} mit {out} ausgehend und {in} eingehend, am wenigsten der {low_month} mit {low_out} ausgehend.",
		EN: "The busiest month was {month}, with {out} out and {in} in; the quietest was {low_month}, with {low_out} out.",
	},
	"alt.traffic.even": {
		DE: "Jeder Monat hat gleich viel Verkehr: {out} ausgehend und {in} eingehend.",
		EN: "Every month has the same traffic: {out} out and {in} in.",
	},
	"alt.traffic.missing": {
		DE: "Ohne Balken, wo der Datenverkehr nicht gemessen wurde: {months}.",
		EN: "No bars where traffic was not measured: {months}.",
	},
}
