package scenarios

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/cucumber/godog"
)

func (w *world) registerAssertions(sc *godog.ScenarioContext) {
	sc.Step(`^the response status should be (\d+)$`, w.statusIs)
	sc.Step(`^the response body should be empty$`, func() error {
		if err := w.needResponse(); err != nil {
			return err
		}
		if len(strings.TrimSpace(string(w.resp.body))) > 0 {
			return fmt.Errorf("expected an empty body, got %s", w.resp.body)
		}
		return nil
	})
	sc.Step(`^the response field "([^"]*)" should be "([^"]*)"$`, w.fieldIs)
	sc.Step(`^the response field "([^"]*)" should be (true|false|null)$`, w.fieldIsLiteral)
	sc.Step(`^the response field "([^"]*)" should be the number (-?[0-9.]+)$`, w.fieldIsNumber)
	sc.Step(`^the response field "([^"]*)" should match "([^"]*)"$`, w.fieldMatches)
	sc.Step(`^the response field "([^"]*)" should exist$`, func(p string) error { _, err := w.field(p); return err })
	sc.Step(`^the response field "([^"]*)" should not exist$`, w.fieldAbsent)
	sc.Step(`^the response field "([^"]*)" should have (\d+) items?$`, w.fieldCount)
	sc.Step(`^the response field "([^"]*)" should contain an item with "([^"]*)" equal to "([^"]*)"$`, w.fieldContains)
	sc.Step(`^the response should have a validation error "([^"]*)" for "([^"]*)"$`, w.validationError)
	sc.Step(`^the response should be the problem "([^"]*)"$`, w.problemIs)
	sc.Step(`^the response header "([^"]*)" should be "([^"]*)"$`, w.headerIs)
	sc.Step(`^the response header "([^"]*)" should match "([^"]*)"$`, w.headerMatches)
	sc.Step(`^I store the response field "([^"]*)" as "([^"]*)"$`, w.storeField)
	sc.Step(`^I store the response header "([^"]*)" as "([^"]*)"$`, func(h, name string) error {
		if err := w.needResponse(); err != nil {
			return err
		}
		w.vars[name] = w.resp.header.Get(h)
		return nil
	})
}

func (w *world) needResponse() error {
	if w.resp == nil {
		return fmt.Errorf("no request has been sent yet")
	}
	return nil
}

func (w *world) statusIs(want int) error {
	if err := w.needResponse(); err != nil {
		return err
	}
	if w.resp.status != want {
		return fmt.Errorf("expected status %d, got %d: %s", want, w.resp.status, truncate(w.resp.body))
	}
	return nil
}

func (w *world) field(path string) (any, error) {
	if err := w.needResponse(); err != nil {
		return nil, err
	}
	p, err := w.expand(path)
	if err != nil {
		return nil, err
	}
	v, ok := lookup(w.resp.json, p)
	if !ok {
		return nil, fmt.Errorf("the response has no field %q: %s", p, truncate(w.resp.body))
	}
	return v, nil
}

func (w *world) fieldIs(path, want string) error {
	v, err := w.field(path)
	if err != nil {
		return err
	}
	want, err = w.expand(want)
	if err != nil {
		return err
	}
	if got := text(v); got != want {
		return fmt.Errorf("field %q is %q, expected %q", path, got, want)
	}
	return nil
}

func (w *world) fieldIsLiteral(path, want string) error {
	v, err := w.field(path)
	if err != nil {
		return err
	}
	if _, isString := v.(string); isString || text(v) != want {
		return fmt.Errorf("field %q is %#v, expected %s", path, v, want)
	}
	return nil
}

func (w *world) fieldIsNumber(path, want string) error {
	v, err := w.field(path)
	if err != nil {
		return err
	}
	n, ok := v.(float64)
	wantN, _ := strconv.ParseFloat(want, 64)
	if !ok || n != wantN {
		return fmt.Errorf("field %q is %#v, expected the number %s", path, v, want)
	}
	return nil
}

func (w *world) fieldMatches(path, pattern string) error {
	v, err := w.field(path)
	if err != nil {
		return err
	}
	re, err := regexp.Compile(pattern)
	if err != nil {
		return err
	}
	if !re.MatchString(text(v)) {
		return fmt.Errorf("field %q is %q, which does not match %s", path, text(v), pattern)
	}
	return nil
}

func (w *world) fieldAbsent(path string) error {
	if err := w.needResponse(); err != nil {
		return err
	}
	if v, ok := lookup(w.resp.json, path); ok {
		return fmt.Errorf("field %q should be absent, is %#v", path, v)
	}
	return nil
}

func (w *world) fieldCount(path string, n int) error {
	v, err := w.field(path)
	if err != nil {
		return err
	}
	a, ok := v.([]any)
	if !ok || len(a) != n {
		return fmt.Errorf("field %q should have %d items, is %s", path, n, truncate([]byte(fmt.Sprint(v))))
	}
	return nil
}

func (w *world) fieldContains(path, key, want string) error {
	v, err := w.field(path)
	if err != nil {
		return err
	}
	want, err = w.expand(want)
	if err != nil {
		return err
	}
	items, _ := v.([]any)
	for _, it := range items {
		if got, ok := lookup(it, key); ok && text(got) == want {
			return nil
		}
	}
	return fmt.Errorf("no item of %q has %s = %q: %s", path, key, want, truncate(w.resp.body))
}

// validationError checks ASEE's 400 format for one (error literal, tag) pair; tag ""
// means the whole request (tag null).
func (w *world) validationError(literal, tag string) error {
	if err := w.statusIs(400); err != nil {
		return err
	}
	errs, _ := lookup(w.resp.json, "errors")
	items, _ := errs.([]any)
	for _, it := range items {
		gotTag, _ := lookup(it, "tag")
		gotErr, _ := lookup(it, "error")
		tagText := ""
		if gotTag != nil {
			tagText = text(gotTag)
		}
		if text(gotErr) == literal && tagText == tag {
			return nil
		}
	}
	return fmt.Errorf("no validation error %q for %q in %s", literal, tag, truncate(w.resp.body))
}

// problemIs checks ASEE's business problem body (status 440 or an HTTP-like problem).
func (w *world) problemIs(literal string) error {
	v, err := w.field("problem")
	if err != nil {
		return err
	}
	if text(v) != literal {
		return fmt.Errorf("problem is %q, expected %q (status %d)", text(v), literal, w.resp.status)
	}
	return nil
}

func (w *world) headerIs(name, want string) error {
	if err := w.needResponse(); err != nil {
		return err
	}
	want, err := w.expand(want)
	if err != nil {
		return err
	}
	if got := w.resp.header.Get(name); got != want {
		return fmt.Errorf("header %s is %q, expected %q", name, got, want)
	}
	return nil
}

func (w *world) headerMatches(name, pattern string) error {
	if err := w.needResponse(); err != nil {
		return err
	}
	pattern, err := w.expand(pattern)
	if err != nil {
		return err
	}
	re, err := regexp.Compile(pattern)
	if err != nil {
		return err
	}
	if got := w.resp.header.Get(name); !re.MatchString(got) {
		return fmt.Errorf("header %s is %q, which does not match %s", name, got, pattern)
	}
	return nil
}

func (w *world) storeField(path, name string) error {
	v, err := w.field(path)
	if err != nil {
		return err
	}
	w.vars[name] = text(v)
	return nil
}

func truncate(b []byte) string {
	const max = 600
	if len(b) > max {
		return string(b[:max]) + "..."
	}
	return string(b)
}
