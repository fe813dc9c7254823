package importers

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/prio-tool/prio/criteria"
	"github.com/prio-tool/prio/messages"
)

// TestMessagesInSwedish reads bad files with Swedish chosen and checks the
// whole of what the user is told: problems, or else warnings and notes,
// positions first, values quoted from the files and texts of libraries as
// they are. The portfolio and the errors hold them in no
// language; they are given in Swedish here.
func TestMessagesInSwedish(t *testing.T) {
	t.Parallel()

	full, small, joined := parseSet(t, fullSet), parseSet(t, smallSet), parseSet(t, joinSet)
	formulas := parseSet(t, formulaSet)
	clean := xlsxCorpus(t, "clean.xlsx")
	many := "Projekt-ID;Projektnamn;Investeringsutgift\n"
	for i := range 150 {
		many += fmt.Sprintf("P%d;Namn;ca 5\n", i)
	}
	agency := "Projekt-ID;Projektnamn;Investeringsutgift (tkr);Nyttorealiseringsplan\n" +
		"FK-1;Ny e-tjänst;12 000;Ja\n" +
		"FK-2;Nytt ärendestöd;40 000;Nej\n"
	assessment := "Projekt-ID;Investeringsutgift (mnkr);Nyttorealiseringsplan;Risk tid\n" +
		"FK-2;41;Ja;Medel\n" +
		"FK-9;1;Ja;Hög\n"

	tests := []struct {
		name    string
		set     *criteria.Set
		sources []Source
		joins   []Source
		opts    Options
		// errs are the problems (the last one alone when last is set);
		// warns and notes are checked when there are none.
		errs         []string
		last         bool
		warns, notes []string
	}{
		{
			name:    "bad values in a workbook",
			set:     full,
			sources: []Source{xlsxCorpus(t, "bad-values.xlsx")},
			errs: []string{
				`bad-values.xlsx: Blad1!C2: "ca 5" är inget tal`,
				`bad-values.xlsx: Blad1!D2: "Mycket hög" är ingen nivå i risk_time (Låg, Medel, Hög)`,
				`bad-values.xlsx: Blad1!E2: "31/3/2025" är inget datum (skriv 2025-03-31, 2025-03 eller kv3 2025)`,
				`bad-values.xlsx: Blad1!F2: "kanske" är varken ja eller nej (skriv Ja eller Nej)`,
				`bad-values.xlsx: Blad1!B3: det obligatoriska fältet name saknas`,
				`bad-values.xlsx: Blad1!C3: "1.234.567" är inget tal`,
				`bad-values.xlsx: Blad1!E3: "2025-02-30" är ingen dag i kalendern`,
				`bad-values.xlsx: Blad1!A4: raden har uppgifter men saknar id`,
				`bad-values.xlsx: Blad1!C5: "25 %" är en procentsats, inte ett tal`,
				`bad-values.xlsx: Blad1!A6: id "FK-50" förekommer två gånger (även i bad-values.xlsx: Blad1!A2)`,
				`bad-values.xlsx: Blad1!C6: "5–10" är inget tal`,
				`bad-values.xlsx: Blad1!C7: "TRUE" är inget tal`,
				`bad-values.xlsx: Blad1!D7: "4" är ingen nivå i risk_time (Låg, Medel, Hög)`,
				`bad-values.xlsx: Blad1!E7: "0" är inget datum: Excels datumserienummer går från 1 till 2958465`,
				`bad-values.xlsx: Blad1!F7: "2" är varken ja eller nej (skriv Ja eller Nej)`,
			},
		},
		{
			name:    "--sheet names no sheet",
			set:     small,
			sources: []Source{xlsxCorpus(t, "header-problems.xlsx")},
			opts:    Options{Sheet: "Investeringar"},
			errs:    []string{`header-problems.xlsx: inget blad heter "Investeringar" (arbetsbokens blad: "Saknas", "Tvetydig", "Tom")`},
		},
		{
			name:    "a required column missing",
			set:     small,
			sources: []Source{xlsxCorpus(t, "header-problems.xlsx")},
			opts:    Options{Sheet: "Saknas"},
			errs:    []string{"header-problems.xlsx: Saknas!1:1: ingen kolumn för det obligatoriska fältet name (letade efter Projektnamn, Benämning)"},
		},
		{
			name:    "a field's headers match two columns",
			set:     small,
			sources: []Source{xlsxCorpus(t, "header-problems.xlsx")},
			errs:    []string{`header-problems.xlsx: Tvetydig!C1: fältet invest: rubrikerna stämmer in på 2 kolumner: C ("Investeringsutgift"), D ("Investeringsutgift (tkr)")`},
		},
		{
			name:    "no sheet has a header",
			set:     small,
			sources: []Source{xlsxCorpus(t, "no-header.xlsx")},
			errs: []string{`no-header.xlsx: inget blad har en rubrikrad bland sina första 30 rader: ingen rad namnger något fält ` +
				`(letade i bladen "Ett", "Två"; letade efter Projekt-ID, Projektnamn, Investeringsutgift)`},
		},
		{
			name:    "a formula that cannot be calculated: the reason in Swedish",
			set:     formulas,
			sources: []Source{xlsxCorpus(t, "formulas.xlsx")},
			opts:    Options{Sheet: "Fel"},
			errs:    []string{"formulas.xlsx: Fel!C2: formeln =FOOBAR(1) har inget sparat resultat och kunde inte beräknas (den använder funktionen FOOBAR, som prio inte beräknar)"},
		},
		{
			name:    "a shared string that does not exist",
			set:     small,
			sources: []Source{xlsxCorpus(t, "sst-out-of-range.xlsx")},
			errs:    []string{"sst-out-of-range.xlsx: Blad1!C2: den delade strängen 7 finns inte (arbetsboken har 3)"},
		},
		{
			name:    "an Excel binary workbook",
			set:     small,
			sources: []Source{xlsxCorpus(t, "fake.xlsb")},
			errs:    []string{"fake.xlsb: Excels binära format (.xlsb) läses inte; öppna filen i Excel och spara den som Excel-arbetsbok (.xlsx) eller som .csv"},
		},
		{
			name:    "a truncated workbook: the zip reader's reason stays English",
			set:     small,
			sources: []Source{{Path: "halv.xlsx", Data: clean.Data[:len(clean.Data)/2]}},
			errs:    []string{"halv.xlsx: en skadad zip-fil och därför ingen arbetsbok som går att läsa (zip: not a valid zip file)"},
		},
		{
			name:    "a UTF-16 text file",
			set:     small,
			sources: []Source{{Path: "unicode.txt", Data: []byte{0xFF, 0xFE, 'I', 0, 'D', 0}}},
			errs:    []string{"unicode.txt: en textfil i UTF-16, som inte läses; spara bladet som CSV UTF-8 eller som .xlsx"},
		},
		{
			name:    "an empty file",
			set:     small,
			sources: []Source{{Path: "tom.csv", Data: []byte(" \r\n\r\n")}},
			errs:    []string{"tom.csv: filen är tom"},
		},
		{
			name:    "a bare quote in CSV",
			set:     small,
			sources: []Source{{Path: "citat.csv", Data: []byte("Projekt-ID;Projektnamn\nP1;Skarm 24\" bred\n")}},
			errs:    []string{`citat.csv:2:12: fel i CSV-syntaxen: ett " i ett fält som inte står inom citattecken`},
		},
		{
			name:    "more than 100 problems",
			set:     small,
			sources: []Source{{Path: "många.csv", Data: []byte(many)}},
			errs:    []string{"många.csv: … och 50 problem till"},
			last:    true,
		},
		{
			name:    "a joined file: an id not in the portfolio, a value that differs",
			set:     joined,
			sources: []Source{{Path: "fk.csv", Data: []byte(agency)}},
			joins:   []Source{{Path: "b.csv", Data: []byte(assessment)}},
			errs: []string{
				`b.csv:2:2: invest för "FK-2" är 41 här men 40 i fk.csv:3:3`,
				`b.csv:2:3: plan för "FK-2" är Ja här men Nej i fk.csv:3:4`,
				`b.csv:3:1: id "FK-9" finns inte i portföljen (fk.csv)`,
			},
		},
		{
			name:    "a missing optional column and a sum row",
			set:     small,
			sources: []Source{{Path: "summa.csv", Data: []byte("Projekt-ID;Projektnamn\nP1;Ett\nSumma;\n")}},
			warns:   []string{`summa.csv:1: ingen kolumn för fältet invest (letade efter "Investeringsutgift"; läses av A): värdet räknas som saknat på varje rad i filen, vilket fältets absent: missing tillåter`},
			notes:   []string{`summa.csv:3: hoppade över summaraden "Summa"`},
		},
		{
			name: "lookalike ids, an almost UTF-8 file, a line wider than a sheet",
			set:  small,
			sources: []Source{
				{Path: "id.csv", Data: []byte("Projekt-ID;Projektnamn\nEXV-1;Ett\nexv\u200b-1;Två\n")},
				{Path: "utf.csv", Data: []byte("Projekt-ID;Projektnamn\nÅ-1;Lön\nÅ-2;x\xe5\n")},
				{Path: "bred.csv", Data: []byte("Projekt-ID;Projektnamn\nA;B" + strings.Repeat(";", maxCols) + "\n")},
			},
			errs: []string{
				"id.csv:3:1: id \"exv\\u200b-1\" förekommer två gånger (även i id.csv:2:1 som \"EXV-1\": id som bara skiljer sig i versaler och gemener, osynliga tecken eller hur accenttecken skrivs är samma id)",
				"utf.csv:3:2: byten 0xE5 är inte UTF-8, fast resten av filen är det: rätta tecknet, eller spara filen igen som CSV UTF-8",
				"bred.csv:2: rad 2 har fler än 16384 kolumner, det mesta ett blad har (Excels gräns)",
			},
		},
		{
			name:    "a workbook with a part twice",
			set:     small,
			sources: []Source{{Path: "två.xlsx", Data: bookSpec{entries: []zipPart{{"xl/worksheets/sheet1.xml", limitSheet}}}.build(t)}},
			errs:    []string{`två.xlsx: zip-filen har två poster med namnet "xl/worksheets/sheet1.xml": program läser olika av dem, så prio läser ingen`},
		},
		{
			name:    "Excel error values",
			set:     formulas,
			sources: []Source{xlsxCorpus(t, "formulas.xlsx")},
			opts:    Options{Sheet: "Beräknat"},
			warns:   []string{"formulas.xlsx: Beräknat!C3: #DIV/0! lästes som saknat värde"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := ReadJoined(context.Background(), tt.set, tt.sources, tt.joins, tt.opts)
			if tt.errs != nil {
				if err == nil {
					t.Fatalf("no error; read %d investments", len(p.Investments))
				}
				got := strings.Split(messages.Localize(err, messages.Swedish), "\n")
				if tt.last {
					got = got[len(got)-1:]
				}
				if diff := cmp.Diff(tt.errs, got); diff != "" {
					t.Errorf("problems (-want +got):\n%s", diff)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.warns, messages.Strings(p.Warnings, messages.Swedish), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("warnings (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.notes, messages.Strings(p.Notes, messages.Swedish), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("notes (-want +got):\n%s", diff)
			}
		})
	}

	// Errors that concern no file.
	if _, err := Read(small, []Source{clean}, Options{Locale: "de"}); err == nil || messages.Localize(err, messages.Swedish) != `okänd talnotation "de" (välj sv eller en)` {
		t.Errorf("unknown locale: %v", err)
	}
	if _, err := ParseNumber("1,5E+999", LocaleSV); err == nil || messages.Localize(err, messages.Swedish) != `"1,5E+999" är ett för stort tal` {
		t.Errorf("too large a number: %v", err)
	}
	if _, _, err := ReadValue(num("60"), dateField, Column{}, Options{}); err == nil ||
		messages.Localize(err, messages.Swedish) != `"60" är inget datum: det är Excels 1900-02-29, en dag som aldrig fanns` {
		t.Errorf("Excel's 1900-02-29: %v", err)
	}
}
