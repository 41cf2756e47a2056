package scenarios

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"

	"github.com/cucumber/godog"
)

// Steps that need idemu's admin API. Scenarios using them carry the @emulator tag.
func (w *world) registerEmulator(sc *godog.ScenarioContext) {
	sc.Step(`^I advance the clock by "([^"]*)"$`, func(d string) error {
		body, _ := json.Marshal(map[string]string{"advance": d})
		w.clockMoved = true
		_, err := w.adminCall(http.MethodPost, "/_emulator/clock", string(body))
		return err
	})
	sc.Step(`^I use the tenant "([^"]*)"$`, func(t string) error {
		tenant, err := w.expand(t)
		w.headers["X-Idemu-Tenant"] = tenant
		return err
	})
	sc.Step(`^the emulator is seeded with:$`, func(doc *godog.DocString) error {
		body, err := w.expand(doc.Content)
		if err != nil {
			return err
		}
		_, err = w.adminCallType(http.MethodPost, "/_emulator/seed", body, "application/yaml")
		return err
	})
	sc.Step(`^the outbox should have a message to "([^"]*)" with purpose "([^"]*)"$`, w.outboxHas)
	sc.Step(`^I store the code of that message as "([^"]*)"$`, func(name string) error {
		if w.lastMessage == nil {
			return fmt.Errorf("no message was found yet")
		}
		code, _ := w.lastMessage["code"].(string)
		if code == "" {
			return fmt.Errorf("the message has no code: %v", w.lastMessage)
		}
		w.vars[name] = code
		return nil
	})
	sc.Step(`^the outbox should have no message to "([^"]*)"$`, func(to string) error {
		msgs, err := w.outbox(to)
		if err != nil {
			return err
		}
		if len(msgs) > 0 {
			return fmt.Errorf("expected no message to %s, found %d", to, len(msgs))
		}
		return nil
	})
}

func (w *world) outbox(to string) ([]map[string]any, error) {
	to, err := w.expand(to)
	if err != nil {
		return nil, err
	}
	out, err := w.adminCall(http.MethodGet, "/_emulator/outbox?to="+url.QueryEscape(to), "")
	if err != nil {
		return nil, err
	}
	raw, _ := out["messages"].([]any)
	msgs := make([]map[string]any, 0, len(raw))
	for _, m := range raw {
		if mm, ok := m.(map[string]any); ok {
			msgs = append(msgs, mm)
		}
	}
	return msgs, nil
}

// outboxHas finds the newest message to an address with a purpose.
func (w *world) outboxHas(to, purpose string) error {
	msgs, err := w.outbox(to)
	if err != nil {
		return err
	}
	for i := len(msgs) - 1; i >= 0; i-- {
		if msgs[i]["purpose"] == purpose {
			w.lastMessage = msgs[i]
			return nil
		}
	}
	return fmt.Errorf("no %s message to %s in the outbox (%d messages to it)", purpose, to, len(msgs))
}
