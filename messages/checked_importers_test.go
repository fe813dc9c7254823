package messages

func init() { checkedDirs = append(checkedDirs, "importers", "scoring") }
