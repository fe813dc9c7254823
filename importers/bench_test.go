package importers

import (
	"fmt"
	"strings"
	"testing"
)

// BenchmarkReadCSV reads a generated portfolio of 10,000 investments with a
// column of every field type, written as Swedish Excel writes CSV.
func BenchmarkReadCSV(b *testing.B) {
	const rows = 10000
	var sb strings.Builder
	sb.WriteString("Portfölj 2025\n")
	sb.WriteString("Projekt-ID;Projektnamn;Myndighet;Investeringsutgift (tkr);Kostnader (tkr);;;Säkrad finansiering;" +
		"Risk tid;Nyttorealiseringsplan;Återanvänder gemensam lösning;Startdatum\n")
	sb.WriteString(";;;;2024;2025;2026;;;;;\n")
	levels := []string{"Låg", "Medel", "Hög", "-"}
	for i := 0; i < rows; i++ {
		fmt.Fprintf(&sb, "FK-%d;Projekt %d med ett längre namn;Försäkringskassan;%d %03d,5;%d;%d %03d;;%d %%;%s;%s;%s;%s\n",
			i, i, 1+i%900, i%1000, i%5000, 1+i%7, i%1000, i%101, levels[i%4],
			[]string{"Ja", "Nej", "X", ""}[i%4], []string{"Ja", "", "saknas", "Nej"}[i%4],
			[]string{"2025-03-31", "Q3 2025", "2026-01", "kv 2 2027"}[i%4])
	}
	sb.WriteString(";Summa;;;;;;;;;;\n")
	data := []byte(sb.String())
	set := parseSet(b, fullSet)
	sources := []Source{{Path: "bench.csv", Data: data}}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		p, err := Read(set, sources, Options{})
		if err != nil {
			b.Fatal(err)
		}
		if len(p.Investments) != rows {
			b.Fatalf("%d investments", len(p.Investments))
		}
	}
}
