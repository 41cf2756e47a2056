package logto

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3filter"

	"github.com/idemu/idemu/emulator/contract"
)

//go:generate go run ./internal/contractgen -in ../../../shared/reference/logto-openapi.json -overlay internal/contractgen/overlay.json -out openapi.json

//go:embed openapi.json
var contractJSON []byte

// ContractDocument is the provider's OpenAPI document (JSON), for the suite and tools.
func ContractDocument() []byte { return contractJSON }

// opMeta is what the provider needs to know about an operation before its group's
// schemas are loaded.
type opMeta struct {
	Group     string // the operation's first tag: the unit its schemas are loaded in
	Secured   bool   // the Management API bearer token is required
	Paginated bool   // takes page and page_size
	JSONBody  bool   // takes an application/json body
	Multipart bool   // takes a multipart/form-data body (an upload)
}

// anonymousOps are documented with the global bearer requirement but served by Logto's
// anonymous router (core/routes/saml-application/anonymous.ts): a service provider
// fetches the metadata and posts authn requests with no token.
var anonymousOps = map[string]bool{"ListSamlApplicationMetadata": true, "GetSamlApplicationCallback": true,
	"GetSamlAuthn": true, "CreateSamlAuthn": true}

// Logto documents the SAML IdP metadata as text/xml; kin-openapi reads that media type
// as a plain string once it knows it (the registry is kin-openapi's, process-wide).
func init() { openapi3filter.RegisterBodyDecoder("text/xml", openapi3filter.PlainBodyDecoder) }

// index is the contract read cheaply: every operation's route and metadata, plus the
// raw document split by group. Building it is a plain JSON decode (~10 ms); loading
// the whole document into kin-openapi takes ~0.35 s, so that happens per group, on
// first use (see schemas).
type index struct {
	routes []byte // an OpenAPI document with paths, methods and operation ids only
	ops    map[string]opMeta
	slices map[string][]byte // group -> an OpenAPI document with that group's operations
}

type rawOperation struct {
	OperationID string             `json:"operationId"`
	Tags        []string           `json:"tags"`
	Security    *[]json.RawMessage `json:"security"`
	Parameters  []struct {
		Ref  string `json:"$ref"`
		Name string `json:"name"`
		In   string `json:"in"`
	} `json:"parameters"`
	RequestBody *struct {
		Content map[string]json.RawMessage `json:"content"`
	} `json:"requestBody"`
}

var methods = map[string]bool{"get": true, "put": true, "post": true, "delete": true, "patch": true, "head": true, "options": true}

func buildIndex(doc []byte) (*index, error) {
	var top map[string]json.RawMessage
	if err := json.Unmarshal(doc, &top); err != nil {
		return nil, fmt.Errorf("logto contract: %w", err)
	}
	var paths map[string]map[string]json.RawMessage
	if err := json.Unmarshal(top["paths"], &paths); err != nil {
		return nil, fmt.Errorf("logto contract paths: %w", err)
	}
	var global []json.RawMessage
	_ = json.Unmarshal(top["security"], &global)

	idx := &index{ops: map[string]opMeta{}, slices: map[string][]byte{}}
	routePaths := map[string]map[string]any{}
	groupPaths := map[string]map[string]map[string]json.RawMessage{}
	for path, item := range paths {
		for method, raw := range item {
			if !methods[method] {
				continue
			}
			var op rawOperation
			if err := json.Unmarshal(raw, &op); err != nil {
				return nil, fmt.Errorf("logto contract %s %s: %w", method, path, err)
			}
			meta := opMeta{Group: "untagged", Secured: len(global) > 0}
			if len(op.Tags) > 0 {
				meta.Group = op.Tags[0]
			}
			if op.Security != nil {
				meta.Secured = len(*op.Security) > 0
			}
			if anonymousOps[op.OperationID] {
				meta.Secured = false
			}
			for _, p := range op.Parameters {
				if p.In == "query" && p.Name == "page" {
					meta.Paginated = true
				}
			}
			if op.RequestBody != nil {
				_, meta.JSONBody = op.RequestBody.Content["application/json"]
				_, meta.Multipart = op.RequestBody.Content["multipart/form-data"]
			}
			idx.ops[op.OperationID] = meta

			if routePaths[path] == nil {
				routePaths[path] = map[string]any{}
			}
			routePaths[path][method] = map[string]any{
				"operationId": op.OperationID, "tags": op.Tags,
				"responses": map[string]any{"default": map[string]any{"description": ""}},
			}
			if groupPaths[meta.Group] == nil {
				groupPaths[meta.Group] = map[string]map[string]json.RawMessage{}
			}
			if groupPaths[meta.Group][path] == nil {
				groupPaths[meta.Group][path] = map[string]json.RawMessage{}
			}
			groupPaths[meta.Group][path][method] = raw
		}
	}
	var err error
	idx.routes, err = json.Marshal(map[string]any{
		"openapi": "3.0.1", "info": map[string]any{"title": "Logto routes", "version": "1"}, "paths": routePaths,
	})
	if err != nil {
		return nil, err
	}
	for group, gp := range groupPaths {
		slice := map[string]any{"paths": gp}
		for k, v := range top {
			if k != "paths" {
				slice[k] = v
			}
		}
		if idx.slices[group], err = json.Marshal(slice); err != nil {
			return nil, err
		}
	}
	return idx, nil
}

// sortedOps lists the operation ids of the contract.
func (idx *index) sortedOps() []string {
	out := make([]string, 0, len(idx.ops))
	for id := range idx.ops {
		out = append(out, id)
	}
	sort.Strings(out)
	return out
}

// schemas loads each group's slice of the contract into kin-openapi on first use.
// Loaded contracts are read-only, so one set serves every Handler of the process
// (a test binary builds dozens); like a compiled regular expression, sharing it
// couples nothing.
type schemas struct {
	idx    *index
	mu     sync.Mutex
	groups map[string]*groupSchemas
}

type groupSchemas struct {
	once sync.Once
	c    *contract.Contract
	err  error
}

func (s *schemas) group(name string) (*contract.Contract, error) {
	s.mu.Lock()
	g := s.groups[name]
	if g == nil {
		g = &groupSchemas{}
		s.groups[name] = g
	}
	s.mu.Unlock()
	g.once.Do(func() {
		data, ok := s.idx.slices[name]
		if !ok {
			g.err = fmt.Errorf("logto contract: no group %q", name)
			return
		}
		g.c, g.err = contract.Load("logto-"+strings.ToLower(name), data)
	})
	return g.c, g.err
}

var (
	sharedOnce    sync.Once
	sharedIndex   *index
	sharedSchemas *schemas
	sharedErr     error
)

// loadContract returns the process's index and lazily loaded schemas.
func loadContract() (*index, *schemas, error) {
	sharedOnce.Do(func() {
		sharedIndex, sharedErr = buildIndex(contractJSON)
		if sharedErr == nil {
			sharedSchemas = &schemas{idx: sharedIndex, groups: map[string]*groupSchemas{}}
		}
	})
	return sharedIndex, sharedSchemas, sharedErr
}
