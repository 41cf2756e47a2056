package emulator_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/idemu/idemu/emulator/contract"
)

// Fuzz targets: one per provider, each over JSON bodies of a few operations with rich
// request schemas (for Akamai, whose Capture API takes forms, the JSON travels in the
// attributes form field). `go test` runs the seeds; fuzz one provider with, e.g.,
//
//	go test -run '^$' -fuzz FuzzAppIDBodies -fuzztime 60s ./emulator/
//
// A 5xx, a broken connection or a logged panic fails the input.

func FuzzIdentityV1Bodies(f *testing.F) {
	fuzzBodies(f, "identityv1", "registerUser", "setSecurityAnswers", "validateSecurityAnswers", "registerEmail")
}

func FuzzOneginiBodies(f *testing.F) {
	fuzzBodies(f, "onegini", "updateCustomMessages", "updateLocaleCustomMessages", "updateAttributes", "updateFeatures")
}

func FuzzAppIDBodies(f *testing.F) {
	fuzzBodies(f, "appid", "createCloudDirectoryUser", "usersSetUserProfile", "setCloudDirectoryIDP",
		"updateUserProfilesConfig", "registerApplication", "createRole")
}

func FuzzLogtoBodies(f *testing.F) {
	fuzzBodies(f, "logto", "CreateUser", "UpdateUserCustomData", "CreateRole")
}

func FuzzAkamaiAttributes(f *testing.F) {
	fuzzBodies(f, "akamai", "createEntity", "updateEntity")
}

// fuzzOp is one fuzzed operation, with everything but its body fixed.
type fuzzOp struct {
	op        *contract.Operation
	path      string
	auth      string
	mediaType string
	form      url.Values // for a form body: the plausible form, whose formField is fuzzed
	formField string
}

func fuzzBodies(f *testing.F, provider string, opIDs ...string) {
	tg := targetNamed(provider)
	r := newRun(f, tg)
	c, err := contract.Load(provider, tg.contract)
	require.NoError(f, err)
	h := hints{"client_id": r.creds.ID, "client_secret": r.creds.Secret, "username": r.user.Username, "password": r.user.Password}
	var ops []fuzzOp
	for i, id := range opIDs {
		op := c.Operation(id)
		require.NotNil(f, op, id)
		mediaType, schema := requestBody(c.Document().Paths.Value(op.Path).GetOperation(op.Method))
		o := fuzzOp{op: op, auth: tg.authFor(r, op), mediaType: mediaType,
			path: fillPath(op.Path, func(name string) string {
				if v, ok := r.pathValues[name]; ok {
					return url.PathEscape(v)
				}
				return "idemu-robust-1"
			})}
		seeds := jsonBodies(schema, h, r.rng)
		if !isJSON(mediaType) {
			plausibleForm := formBodies(schema, h, r.rng)
			o.form, err = url.ParseQuery(string(plausibleForm[len(plausibleForm)-1].body))
			require.NoError(f, err)
			o.formField = "attributes"
			seeds = jsonBodies(nil, h, r.rng)
			seeds = append(seeds, bodyVariant{"attributes", []byte(`{"givenName":"Ada","email":"ada@example.test"}`)})
		}
		ops = append(ops, o)
		for _, s := range seeds {
			if len(s.body) < 4096 && !strings.HasPrefix(s.name, "deep") {
				f.Add(uint8(i), s.body)
			}
		}
	}
	f.Fuzz(func(t *testing.T, which uint8, body []byte) {
		o := ops[int(which)%len(ops)]
		r.t = t
		hdr := http.Header{"Content-Type": {o.mediaType}, "Authorization": {o.auth}}
		if o.formField != "" {
			form := url.Values{}
			for k, v := range o.form {
				form[k] = v
			}
			form.Set(o.formField, string(body))
			body = []byte(form.Encode())
		}
		logged := len(r.log.String())
		status := r.send(probe{op: o.op.ID, variant: "fuzz", method: o.op.Method, path: o.path, header: hdr, body: body})
		for _, p := range r.pending {
			t.Errorf("%s %s answered %d: %s\nbody: %q", o.op.Method, o.path, p.status, p.answer, body)
		}
		r.pending = nil
		if after := r.log.String()[logged:]; strings.Contains(strings.ToLower(after), "panic") {
			t.Errorf("the emulator logged a panic:\n%s", after)
		}
		if status < 300 {
			r.resetAndLogin() // every input starts from the seeded state, so a crasher replays alone
		}
	})
}
