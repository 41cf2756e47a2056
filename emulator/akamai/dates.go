package akamai

import (
	"strings"
	"time"
)

// systemTimeLayout renders created, lastUpdated and other server-set times:
// "2015-11-15 01:58:01.862312 +0000".
const systemTimeLayout = "2006-01-02 15:04:05.000000 -0700"

// userTimeLayout renders a dateTime written without fractions: "2015-11-15 01:58:01 +0000".
const userTimeLayout = "2006-01-02 15:04:05 -0700"

const dateLayout = "2006-01-02"

// systemTime formats a server-set time.
func systemTime(t time.Time) string { return t.UTC().Format(systemTimeLayout) }

// dateTimeLayouts are the inputs a dateTime accepts: ISO 8601 and Capture's own
// rendering, with or without a zone (none means UTC).
var dateTimeLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04:05.999999999 -0700",
	"2006-01-02 15:04:05.999999999 -07:00",
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04",
	"2006-01-02 15:04",
	dateLayout,
	"01/02/2006 15:04:05",
	"01/02/2006",
}

// parseDateTime reads a dateTime value, including the keywords now, today and
// yesterday (midnight UTC). Ambiguous slash dates read month first, as Capture does.
func parseDateTime(s string, now time.Time) (time.Time, bool) {
	s = strings.TrimSpace(s)
	switch strings.ToLower(s) {
	case "now":
		return now.UTC(), true
	case "today":
		return now.UTC().Truncate(24 * time.Hour), true
	case "yesterday":
		return now.UTC().Truncate(24*time.Hour).AddDate(0, 0, -1), true
	}
	for _, layout := range dateTimeLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

// formatDateTime renders a client-written dateTime: with microseconds only when it has them.
func formatDateTime(t time.Time) string {
	if t.Nanosecond()/1000 == 0 {
		return t.UTC().Format(userTimeLayout)
	}
	return t.UTC().Format(systemTimeLayout)
}

// parseDate reads a date (any dateTime input, its time of day dropped).
func parseDate(s string, now time.Time) (string, bool) {
	t, ok := parseDateTime(s, now)
	if !ok {
		return "", false
	}
	return t.Format(dateLayout), true
}
