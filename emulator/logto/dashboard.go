package logto

import (
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/platform"
	"github.com/idemu/idemu/emulator/store"
)

// The console's dashboard: user counts, new users, and active users. A user is active
// on a day when a token was issued to them or they signed in (the logs idemu writes).

const day = 24 * time.Hour

func (h *Handler) getTotalUserCount(c *gin.Context) error {
	tenant := platform.TenantOf(c)
	var n int
	err := h.deps.Store.View(func(tx *store.Tx) (err error) {
		n, err = tx.Count(tenant, users.Name)
		return err
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, ordered{{"totalUserCount", n}})
}

// countDelta is a count with its change from the window before.
func countDelta(count, before int) ordered {
	return ordered{{"count", count}, {"delta", count - before}}
}

// getNewUserCounts counts users created in the last day and the last seven days,
// against the windows of the same length before them.
func (h *Handler) getNewUserCounts(c *gin.Context) error {
	tenant := platform.TenantOf(c)
	var out ordered
	err := h.deps.Store.View(func(tx *store.Tx) error {
		now := tx.Now()
		within := func(from, to time.Time) (int, error) {
			n := 0
			err := users.Each(tx, tenant, func(_ string, u user) bool {
				if u.CreatedAt > from.UnixMilli() && u.CreatedAt <= to.UnixMilli() {
					n++
				}
				return true
			})
			return n, err
		}
		var counts [4]int
		for i, w := range [][2]time.Duration{{day, 0}, {2 * day, day}, {7 * day, 0}, {14 * day, 7 * day}} {
			n, err := within(now.Add(-w[0]), now.Add(-w[1]))
			if err != nil {
				return err
			}
			counts[i] = n
		}
		out = ordered{{"today", countDelta(counts[0], counts[1])}, {"last7Days", countDelta(counts[2], counts[3])}}
		return nil
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, out)
}

// activeDays maps each user to the days (UTC, yyyy-mm-dd) they were active.
func activeDays(tx *store.Tx, tenant string) (map[string]map[string]bool, error) {
	out := map[string]map[string]bool{}
	err := logs.Each(tx, tenant, func(_ string, l logEntry) bool {
		if !strings.HasPrefix(l.Key, "ExchangeTokenBy.") && l.Key != "Interaction.SignIn.Submit" {
			return true
		}
		var p logPayload
		if json.Unmarshal(l.Payload, &p) != nil || p.UserID == "" {
			return true
		}
		d := time.UnixMilli(l.CreatedAt).UTC().Format(time.DateOnly)
		if out[d] == nil {
			out[d] = map[string]bool{}
		}
		out[d][p.UserID] = true
		return true
	})
	return out, err
}

// getActiveUserCounts answers the 30 days up to date (default today): the daily curve,
// and the users active on the day, in the week and in the 30 days ending then, each
// against the period before.
func (h *Handler) getActiveUserCounts(c *gin.Context) error {
	tenant := platform.TenantOf(c)
	var out ordered
	err := h.deps.Store.View(func(tx *store.Tx) error {
		end := tx.Now().UTC()
		if d := c.Query("date"); d != "" {
			parsed, err := time.Parse(time.DateOnly, d[:min(len(d), 10)])
			if err != nil {
				return invalidInput("The date is not valid.")
			}
			end = parsed
		}
		days, err := activeDays(tx, tenant)
		if err != nil {
			return err
		}
		distinct := func(from, count int) int {
			seen := map[string]bool{}
			for i := from; i < from+count; i++ {
				for u := range days[end.Add(-time.Duration(i)*day).Format(time.DateOnly)] {
					seen[u] = true
				}
			}
			return len(seen)
		}
		curve := []ordered{}
		for i := 29; i >= 0; i-- {
			d := end.Add(-time.Duration(i) * day).Format(time.DateOnly)
			curve = append(curve, ordered{{"date", d}, {"count", len(days[d])}})
		}
		out = ordered{{"dauCurve", curve}, {"dau", countDelta(distinct(0, 1), distinct(1, 1))},
			{"wau", countDelta(distinct(0, 7), distinct(7, 7))}, {"mau", countDelta(distinct(0, 30), distinct(30, 30))}}
		return nil
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, out)
}
