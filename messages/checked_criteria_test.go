package messages

func init() { checkedDirs = append(checkedDirs, "internal/strictyaml", "criteria", "portfolio") }
