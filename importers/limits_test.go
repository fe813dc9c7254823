package importers

import (
	"bytes"
	"strings"
	"testing"
)

// TestLimits: a cell larger than Excel allows and a line longer than any
// portfolio's are refused with their positions, quickly and without
// holding more than the file.
func TestLimits(t *testing.T) {
	set := parseSet(t, smallSet)
	big := strings.Repeat("x", MaxCellChars+1)
	csv := "Projekt-ID;Projektnamn;Investeringsutgift\nA;" + big + ";1\nB;Beta;2\n"
	_, err := Read(set, []Source{{Path: "big.csv", Data: []byte(csv)}}, Options{})
	want := "big.csv:2:2: the cell holds 32768 characters; a cell holds at most 32767 (Excel's limit)"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("err %v, want %s", err, want)
	}

	var b bytes.Buffer
	b.WriteString("Projekt-ID;Projektnamn;Investeringsutgift\nA;Alfa;1\n")
	b.WriteString("B;")
	b.Write(bytes.Repeat([]byte("y"), MaxLineBytes))
	b.WriteString(";2\n")
	_, err = Read(set, []Source{{Path: "long.csv", Data: b.Bytes()}}, Options{})
	want = "long.csv:3: line 3 is 8388612 bytes long; a portfolio's lines are at most 8 MiB (is this a CSV file?)"
	if err == nil || err.Error() != want {
		t.Errorf("err %v, want %s", err, want)
	}
}
