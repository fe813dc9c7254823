package criteria

import (
	"io"
	"math"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/prio-tool/prio/internal/strictyaml"
	"github.com/prio-tool/prio/messages"
)

// ParseAHPMatrix reads a pairwise comparison file for AHP:
//
//	criteria: [C1, C2, C3]
//	matrix: [[1, 3, 5], [1/3, 1, 3], [1/5, 1/3, 1]]
//
// Entries are positive numbers or fractions written as text ("1/3"); the
// matrix is square with the criteria's order, has 1 on its diagonal and is
// reciprocal (a_ji = 1/a_ij). Every problem is reported with its position.
func ParseAHPMatrix(r io.Reader, name string) ([]string, [][]float64, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxFileSize+1))
	if err != nil {
		return nil, nil, messages.Errorf("%s: %w", name, err)
	}
	d := newDecoder(name)
	doc := d.Document(data, messages.T("a matrix file gives criteria and matrix"))
	if doc == nil {
		return nil, nil, d.Errs.Err()
	}
	top := messages.T("the matrix file")
	m, ok := d.Mapping(doc, top, "criteria", "matrix")
	if !ok {
		return nil, nil, d.Errs.Err()
	}
	d.Require(doc, m, top, "criteria", "matrix")
	var ids []string
	if n, ok := m["criteria"]; ok {
		if items, ok := d.Sequence(n, "criteria"); ok {
			for _, item := range items {
				if s, ok := d.NonEmptyText(item, messages.T("a criterion")); ok {
					ids = append(ids, s)
				}
			}
		}
	}
	var matrix [][]float64
	var cells [][]*yaml.Node
	if n, ok := m["matrix"]; ok {
		rows, ok := d.Sequence(n, "matrix")
		if ok && len(ids) > 0 && len(rows) != len(ids) {
			d.Errorf(strictyaml.Resolve(n), "matrix has %d rows for %d criteria", len(rows), len(ids))
		}
		for _, row := range rows {
			items, ok := d.Sequence(row, messages.T("a matrix row"))
			if !ok {
				continue
			}
			if len(items) != len(rows) {
				d.Errorf(strictyaml.Resolve(row), "a matrix row has %d entries; the matrix has %d rows", len(items), len(rows))
			}
			var vals []float64
			for _, item := range items {
				vals = append(vals, d.ratio(item))
			}
			matrix = append(matrix, vals)
			cells = append(cells, items)
		}
	}
	if err := d.Errs.Err(); err != nil {
		return nil, nil, err
	}
	for i := range matrix {
		if matrix[i][i] != 1 {
			d.Errorf(strictyaml.Resolve(cells[i][i]), "the diagonal must be 1, not %s", num(matrix[i][i]))
		}
		for j := i + 1; j < len(matrix); j++ {
			if math.Abs(matrix[i][j]*matrix[j][i]-1) > 1e-9 {
				d.Errorf(strictyaml.Resolve(cells[j][i]), "entry (%d, %d) is %s but must be 1/%s, the reciprocal of entry (%d, %d)",
					j+1, i+1, num(matrix[j][i]), num(matrix[i][j]), i+1, j+1)
			}
		}
	}
	if err := d.Errs.Err(); err != nil {
		return nil, nil, err
	}
	return ids, matrix, nil
}

// ratio reads a positive number or a fraction "a/b".
func (d *decoder) ratio(n *yaml.Node) float64 {
	n = strictyaml.Resolve(n)
	if n.Kind == yaml.ScalarNode && (n.Tag == "!!int" || n.Tag == "!!float") {
		x, ok := d.Number(n, messages.T("a matrix entry"))
		if ok && x <= 0 {
			d.Errorf(n, "matrix entries must be positive, not %s", num(x))
		}
		return x
	}
	if n.Kind == yaml.ScalarNode {
		if a, b, found := strings.Cut(n.Value, "/"); found {
			x, errA := strconv.ParseFloat(strings.TrimSpace(a), 64)
			y, errB := strconv.ParseFloat(strings.TrimSpace(b), 64)
			if errA == nil && errB == nil && x > 0 && y > 0 && !math.IsInf(x, 0) && !math.IsInf(y, 0) {
				return x / y
			}
		}
	}
	d.Errorf(n, "a matrix entry must be a positive number or a fraction such as 1/3, not %s", strictyaml.Describe(n))
	return 0
}
