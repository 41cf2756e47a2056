package contract

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"
	"github.com/stretchr/testify/require"
)

const testSpec = `
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /users/{id}:
    get:
      operationId: getUser
      parameters:
        - {name: id, in: path, required: true, schema: {type: string, maxLength: 5}}
        - {name: limit, in: query, schema: {type: integer, maximum: 10}}
      responses: {"200": {description: OK, content: {application/json: {schema: {type: object, required: [id], properties: {id: {type: string}}}}}}}
  /users/{userId}/roles:
    put:
      operationId: setRoles
      parameters:
        - {name: userId, in: path, required: true, schema: {type: string}}
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [email, roles]
              properties:
                email: {type: string, format: email}
                site: {type: string, format: uri}
                kind: {type: string, enum: [a, b]}
                roles: {type: array, maxItems: 2, items: {type: object, required: [name], properties: {name: {type: string, pattern: "^[a-z]+$"}}}}
      responses: {"204": {description: No content}}
  /users/me:
    get:
      operationId: getMe
      responses: {"200": {description: OK}}
`

func load(t *testing.T) *Contract {
	t.Helper()
	c, err := Load("test", []byte(testSpec))
	require.NoError(t, err)
	return c
}

func TestGinPathsShareOneParamNamePerPosition(t *testing.T) {
	c := load(t)
	get, set := c.Operation("getUser").GinPath, c.Operation("setRoles").GinPath
	require.Regexp(t, `^/users/:(id|userId)$`, get)
	require.Equal(t, get+"/roles", set, "both operations must use one gin name at the same position")
	name := strings.TrimPrefix(get, "/users/:")
	require.Equal(t, map[string]string{"userId": "v-" + name}, c.Operation("setRoles").SpecParams(func(g string) string { return "v-" + g }))
	require.Equal(t, map[string]string{"id": "v-" + name}, c.Operation("getUser").SpecParams(func(g string) string { return "v-" + g }))
}

func TestMatchPrefersLiteralSegments(t *testing.T) {
	c := load(t)
	op, params, ok := c.Match(http.MethodGet, "/users/me")
	require.True(t, ok)
	require.Equal(t, "getMe", op.ID)
	op, params, ok = c.Match(http.MethodGet, "/users/u1")
	require.True(t, ok)
	require.Equal(t, "getUser", op.ID)
	require.Equal(t, "u1", params["id"])
	_, _, ok = c.Match(http.MethodDelete, "/users/u1")
	require.False(t, ok)
}

func violations(t *testing.T, c *Contract, id, method, target, body string, params map[string]string) []Violation {
	t.Helper()
	r := httptest.NewRequest(method, target, strings.NewReader(body))
	if body != "" {
		r.Header.Set("Content-Type", "application/json")
	}
	return c.ValidateRequest(context.Background(), c.Operation(id), r, params)
}

func rulesByField(vs []Violation) map[string]string {
	out := map[string]string{}
	for _, v := range vs {
		out[v.Field()] = v.Rule
	}
	return out
}

func TestBodyViolationsAreReportedTogetherWithTheirPaths(t *testing.T) {
	c := load(t)
	vs := violations(t, c, "setRoles", http.MethodPut, "/users/u1/roles",
		`{"email":"not-an-email","site":"relative/path","kind":"c","roles":[{"name":"OK1"},{},{"name":"x"}]}`,
		map[string]string{"userId": "u1"})
	require.Equal(t, map[string]string{
		"email":         RuleFormat,
		"site":          RuleFormat,
		"kind":          RuleEnum,
		"roles":         RuleMaxItems,
		"roles[0].name": RulePattern,
		"roles[1].name": RuleRequired,
	}, rulesByField(vs))
}

func TestMissingRequiredPropertiesAndBody(t *testing.T) {
	c := load(t)
	require.Equal(t, map[string]string{"email": RuleRequired, "roles": RuleRequired},
		rulesByField(violations(t, c, "setRoles", http.MethodPut, "/users/u1/roles", `{}`, map[string]string{"userId": "u1"})))
	vs := violations(t, c, "setRoles", http.MethodPut, "/users/u1/roles", "", map[string]string{"userId": "u1"})
	require.Len(t, vs, 1)
	require.Equal(t, Violation{In: "body", Path: []string{}, Rule: RuleRequired, Message: "a value is required"}, vs[0])
}

func TestMalformedJSONIsOneViolation(t *testing.T) {
	c := load(t)
	vs := violations(t, c, "setRoles", http.MethodPut, "/users/u1/roles", `{"email":`, map[string]string{"userId": "u1"})
	require.Len(t, vs, 1)
	require.Equal(t, RuleMalformed, vs[0].Rule)
	require.Equal(t, "body", vs[0].In)
}

func TestBodiesNestedTooDeeplyAreOneViolation(t *testing.T) {
	c := load(t)
	deep := `{"email":"a@b.example","roles":[{"name":"x","extra":` + strings.Repeat("[", MaxJSONDepth) + strings.Repeat("]", MaxJSONDepth) + `}]}`
	vs := violations(t, c, "setRoles", http.MethodPut, "/users/u1/roles", deep, map[string]string{"userId": "u1"})
	require.Equal(t, []Violation{{In: "body", Path: []string{}, Rule: RuleTooLarge, Limit: MaxJSONDepth,
		Message: "the body nests arrays and objects deeper than 512 levels"}}, vs)
	// Brackets inside strings do not nest, escaped quotes included.
	flat := `{"email":"a@b.example","roles":[{"name":"x","note":"\"` + strings.Repeat("[{", MaxJSONDepth) + `"}]}`
	require.Empty(t, violations(t, c, "setRoles", http.MethodPut, "/users/u1/roles", flat, map[string]string{"userId": "u1"}))
}

func TestParameterViolations(t *testing.T) {
	c := load(t)
	vs := violations(t, c, "getUser", http.MethodGet, "/users/toolong?limit=99", "", map[string]string{"id": "toolong"})
	require.Equal(t, map[string]string{"id": RuleMaxLength, "limit": RuleMaximum}, rulesByField(vs))
	vs = violations(t, c, "getUser", http.MethodGet, "/users/u?limit=abc", "", map[string]string{"id": "u"})
	require.Equal(t, map[string]string{"limit": RuleType}, rulesByField(vs))
	require.Empty(t, violations(t, c, "getUser", http.MethodGet, "/users/u?limit=3", "", map[string]string{"id": "u"}))
}

func TestValidRequestKeepsItsBodyForTheHandler(t *testing.T) {
	c := load(t)
	body := `{"email":"a@b.example","roles":[{"name":"admin"}]}`
	r := httptest.NewRequest(http.MethodPut, "/users/u1/roles", strings.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	require.Empty(t, c.ValidateRequest(context.Background(), c.Operation("setRoles"), r, map[string]string{"userId": "u1"}))
	b := make([]byte, len(body))
	n, _ := r.Body.Read(b)
	require.Equal(t, body, string(b[:n]))
}

func TestResponseValidation(t *testing.T) {
	c := load(t)
	op := c.Operation("getUser")
	r := httptest.NewRequest(http.MethodGet, "/users/u1", nil)
	h := http.Header{"Content-Type": {"application/json"}}
	require.NoError(t, c.ValidateResponse(context.Background(), op, r, map[string]string{"id": "u1"}, 200, h, []byte(`{"id":"u1"}`)))
	require.Error(t, c.ValidateResponse(context.Background(), op, r, map[string]string{"id": "u1"}, 200, h, []byte(`{}`)), "missing required field")
	require.Error(t, c.ValidateResponse(context.Background(), op, r, map[string]string{"id": "u1"}, 418, h, []byte(`{}`)), "undocumented status")
}

func TestCoverageRejectsEveryMismatch(t *testing.T) {
	c := load(t)
	ok := func(*gin.Context) {}
	require.NoError(t, c.CheckCoverage(Handlers{"getUser": ok, "setRoles": ok, "getMe": ok}, nil))
	require.NoError(t, c.CheckCoverage(Handlers{"getUser": ok, "setRoles": ok}, []string{"getMe"}))

	err := c.CheckCoverage(Handlers{"getUser": ok, "nope": ok, "getMe": ok}, []string{"getMe", "gone"})
	require.Error(t, err)
	for _, want := range []string{
		`operation "setRoles" (PUT /users/{userId}/roles) has no handler`,
		`handler "nope" has no operation`,
		`operation "getMe" has a handler: remove it from the ledger`,
		`ledger entry "gone" is not in the contract`,
	} {
		require.Contains(t, err.Error(), want)
	}
}

func TestMountValidatesBeforeTheHandlerAndAnswersLedgerOperations(t *testing.T) {
	gin.SetMode(gin.TestMode)
	c := load(t)
	r := gin.New()
	var seen []Violation
	err := c.Mount(r, Handlers{
		"getUser":  func(g *gin.Context) { g.JSON(200, gin.H{"id": Param(g, "id"), "op": OperationOf(g).ID}) },
		"setRoles": func(g *gin.Context) { g.Status(204) },
	}, MountOptions{
		Ledger:         []string{"getMe"},
		NotImplemented: func(g *gin.Context) { g.Status(http.StatusNotImplemented) },
		Invalid:        func(g *gin.Context, _ *Operation, vs []Violation) { seen = vs; g.Status(400) },
	})
	require.NoError(t, err)

	w := httptest.NewRecorder()
	r.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/users/abc", nil))
	require.Equal(t, 200, w.Code)
	require.JSONEq(t, `{"id":"abc","op":"getUser"}`, w.Body.String())

	w = httptest.NewRecorder()
	r.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/users/abcdefg", nil))
	require.Equal(t, 400, w.Code)
	require.Equal(t, RuleMaxLength, seen[0].Rule)

	w = httptest.NewRecorder()
	r.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/users/me", nil))
	require.Equal(t, http.StatusNotImplemented, w.Code)
}

func TestABodyInAnUndocumentedMediaTypeIsAContentTypeViolation(t *testing.T) {
	c := load(t)
	r := httptest.NewRequest(http.MethodPut, "/users/u1/roles", strings.NewReader("email=a"))
	r.Header.Set("Content-Type", "text/plain")
	vs := c.ValidateRequest(context.Background(), c.Operation("setRoles"), r, map[string]string{"userId": "u1"})
	require.Len(t, vs, 1)
	require.Equal(t, RuleContentType, vs[0].Rule)
}
