// Package faults lets a test make one listener misbehave on purpose: answer a route
// with an error status, add latency, or rate-limit it, for the next N requests or until
// removed. Rules live in memory per listener; the admin API manages them and a reset
// clears them. Rate-limit windows run on the emulator clock, so a test advances time
// instead of waiting; latency is real time, since it exists to exercise a client's
// timeouts.
package faults

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/clock"
	"github.com/idemu/idemu/emulator/platform"
)

// Rule is one fault. A request matches when its method (empty = any), path (exact, or
// a prefix when it ends in "*") and tenant (empty = any) match.
type Rule struct {
	ID        string          `json:"id"`
	Method    string          `json:"method,omitempty"`
	Path      string          `json:"path"`
	Tenant    string          `json:"tenant,omitempty"`
	Status    int             `json:"status,omitempty"`     // answer with this status instead of the real handler
	Body      json.RawMessage `json:"body,omitempty"`       // JSON body of that answer (default: none)
	LatencyMS int             `json:"latency_ms,omitempty"` // delay before answering, in real milliseconds
	Times     int             `json:"times,omitempty"`      // fire for the next N matching requests, then retire (0 = until removed)
	RateLimit *RateLimit      `json:"rate_limit,omitempty"`
	Fired     int             `json:"fired"` // how many requests the rule has affected
}

// RateLimit answers 429 once more than Requests matching requests arrive within Per
// (a Go duration such as "1m") of emulated time.
type RateLimit struct {
	Requests int    `json:"requests"`
	Per      string `json:"per"`
	per      time.Duration
	seen     []time.Time
}

// maxLatency bounds a rule's delay so a typo cannot hang a test run.
const maxLatency = 30 * time.Second

// Validate reports what is wrong with a rule a client sent.
func (r *Rule) Validate() error {
	var errs []error
	if !strings.HasPrefix(r.Path, "/") {
		errs = append(errs, errors.New(`path must start with "/" (end it with "*" for a prefix)`))
	}
	if strings.HasPrefix(r.Path, "/_emulator") {
		errs = append(errs, errors.New("the admin API cannot be faulted"))
	}
	// A 1xx is not a final answer: net/http sends it as an interim response and then
	// a 200 with the fault's body, or, for 101, leaves the client hanging.
	if r.Status != 0 && (r.Status < 200 || r.Status > 599) {
		errs = append(errs, errors.New("status must be a final HTTP status between 200 and 599"))
	}
	if len(r.Body) > 0 && !json.Valid(r.Body) {
		errs = append(errs, errors.New("body must be JSON"))
	}
	if r.LatencyMS < 0 || time.Duration(r.LatencyMS)*time.Millisecond > maxLatency {
		errs = append(errs, fmt.Errorf("latency_ms must be between 0 and %d", maxLatency.Milliseconds()))
	}
	if r.Times < 0 {
		errs = append(errs, errors.New("times must not be negative"))
	}
	if rl := r.RateLimit; rl != nil {
		d, err := time.ParseDuration(rl.Per)
		if err != nil || d <= 0 || rl.Requests < 1 {
			errs = append(errs, errors.New(`rate_limit needs requests >= 1 and per as a duration such as "1m"`))
		}
		rl.per = d
	}
	if r.Status == 0 && r.LatencyMS == 0 && r.RateLimit == nil {
		errs = append(errs, errors.New("a rule needs a status, a latency_ms or a rate_limit"))
	}
	return errors.Join(errs...)
}

func (r *Rule) matches(req *http.Request, tenant string) bool {
	if r.Method != "" && !strings.EqualFold(r.Method, req.Method) {
		return false
	}
	if r.Tenant != "" && r.Tenant != tenant {
		return false
	}
	if prefix, ok := strings.CutSuffix(r.Path, "*"); ok {
		return strings.HasPrefix(req.URL.Path, prefix)
	}
	return req.URL.Path == r.Path
}

// Set is one listener's rules.
type Set struct {
	mu    sync.Mutex
	rules []*Rule
	next  int
	clock clock.Clock
}

// NewSet returns an empty rule set whose rate limits run on clk.
func NewSet(clk clock.Clock) *Set { return &Set{clock: clk} }

// Add validates a rule, gives it an id and puts it last.
func (s *Set) Add(r Rule) (Rule, error) {
	if err := r.Validate(); err != nil {
		return Rule{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.next++
	r.ID, r.Fired = fmt.Sprintf("fault-%d", s.next), 0
	s.rules = append(s.rules, &r)
	return r, nil
}

// List returns copies of the rules in the order they are checked.
func (s *Set) List() []Rule {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Rule, len(s.rules))
	for i, r := range s.rules {
		out[i] = *r
	}
	return out
}

// Remove deletes one rule; false when there is none with that id.
func (s *Set) Remove(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, r := range s.rules {
		if r.ID == id {
			s.rules = append(s.rules[:i], s.rules[i+1:]...)
			return true
		}
	}
	return false
}

// Clear deletes every rule and returns how many there were.
func (s *Set) Clear() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := len(s.rules)
	s.rules = nil
	return n
}

// verdict is what the first matching rule decides for a request.
type verdict struct {
	latency time.Duration
	status  int
	body    json.RawMessage
}

// decide finds the first rule that applies and updates its counters.
func (s *Set) decide(req *http.Request, tenant string) (verdict, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.clock.Now()
	for i, r := range s.rules {
		if !r.matches(req, tenant) {
			continue
		}
		v := verdict{latency: time.Duration(r.LatencyMS) * time.Millisecond, status: r.Status, body: r.Body}
		if rl := r.RateLimit; rl != nil {
			kept := rl.seen[:0]
			for _, t := range rl.seen {
				if now.Sub(t) < rl.per {
					kept = append(kept, t)
				}
			}
			rl.seen = append(kept, now)
			if len(rl.seen) <= rl.Requests {
				return verdict{latency: v.latency}, v.latency > 0
			}
			v.status = http.StatusTooManyRequests
		}
		r.Fired++
		if r.Times > 0 && r.Fired >= r.Times {
			s.rules = append(s.rules[:i], s.rules[i+1:]...)
		}
		return v, true
	}
	return verdict{}, false
}

// Middleware applies the rules to every request outside the admin API.
func (s *Set) Middleware() gin.HandlerFunc {
	return func(c *gin.Context) {
		if strings.HasPrefix(c.Request.URL.Path, "/_emulator/") {
			return
		}
		v, ok := s.decide(c.Request, platform.TenantOf(c))
		if !ok {
			return
		}
		if v.latency > 0 {
			select {
			case <-time.After(v.latency):
			case <-c.Request.Context().Done():
				c.Abort()
				return
			}
		}
		if v.status == 0 {
			return
		}
		c.Header("X-Idemu-Fault", "true")
		if v.status == http.StatusTooManyRequests {
			c.Header("Retry-After", "1")
		}
		if len(v.body) > 0 {
			c.Data(v.status, "application/json", v.body)
		} else {
			c.Status(v.status)
		}
		c.Abort()
	}
}
