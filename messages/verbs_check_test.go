package messages

import (
	"fmt"
	"strconv"
)

// verbs lists the verbs of a fmt format by the argument each one formats
// (counting from 1, explicit indexes such as %[2]s followed), so that a
// translation can be checked to use the same arguments the same way even
// where it puts them in another order. '*' widths are refused: the
// catalogue does not need them and they would complicate the count.
func verbs(format string) (map[int]string, error) {
	out := map[int]string{}
	arg := 1
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			continue
		}
		i++
		// flags
		for i < len(format) && (format[i] == '+' || format[i] == '-' || format[i] == '#' || format[i] == ' ' || format[i] == '0') {
			i++
		}
		if i < len(format) && format[i] == '[' {
			end := i + 1
			for end < len(format) && format[end] != ']' {
				end++
			}
			n, err := strconv.Atoi(format[i+1 : min(end, len(format))])
			if err != nil || end >= len(format) || n < 1 {
				return nil, fmt.Errorf("bad argument index at byte %d", i)
			}
			arg = n
			i = end + 1
		}
		// width and precision
		spec := ""
		for i < len(format) && (format[i] >= '0' && format[i] <= '9' || format[i] == '.') {
			spec += string(format[i])
			i++
		}
		if i >= len(format) {
			return nil, fmt.Errorf("format ends in the middle of a verb")
		}
		switch c := format[i]; {
		case c == '%':
			continue
		case c == '*':
			return nil, fmt.Errorf("'*' widths are not used in messages")
		default:
			v := spec + string(c)
			if prev, ok := out[arg]; ok && prev != v {
				return nil, fmt.Errorf("argument %d formatted both as %%%s and %%%s", arg, prev, v)
			}
			out[arg] = v
			arg++
		}
	}
	return out, nil
}
