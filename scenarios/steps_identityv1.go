package scenarios

import (
	"net/http"

	"github.com/cucumber/godog"
)

// Steps of the Identity API v1 features.
func (w *world) registerIdentityV1(sc *godog.ScenarioContext) {
	// The revocation and introspection endpoints authenticate the client: this posts a
	// form with the suite's client credentials added (the suite's client is not a
	// ${variable}, so a feature cannot write it into the table itself). The bearer
	// token of the scenario is neither sent nor forgotten.
	sc.Step(`^I send a POST request to "([^"]*)" as the client with form:$`, func(path string, table *godog.Table) error {
		form, err := w.formFrom(table)
		if err != nil {
			return err
		}
		form.Set("client_id", w.opts.ClientID)
		form.Set("client_secret", w.opts.ClientSecret)
		saved := w.token
		w.token = ""
		defer func() { w.token = saved }()
		return w.do(http.MethodPost, path, []byte(form.Encode()), "application/x-www-form-urlencoded")
	})
}
