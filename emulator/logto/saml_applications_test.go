package logto

import (
	"crypto/x509"
	"encoding/pem"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestSamlApplicationsKeepOneActiveCertificate(t *testing.T) {
	x := newHarness(t)
	tok := x.managementToken()
	w := x.api(http.MethodPost, "/api/saml-applications", tok, `{"name":"wiki","acsUrl":{"binding":"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect","url":"https://sp.example.test/acs"}}`)
	require.Equal(t, http.StatusUnprocessableEntity, w.Code)
	require.Equal(t, "application.saml.acs_url_binding_not_supported", decode(t, w)["code"])

	w = x.api(http.MethodPost, "/api/saml-applications", tok, `{"name":"wiki","entityId":"https://sp.example.test","acsUrl":{"binding":"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST","url":"https://sp.example.test/acs"},"attributeMapping":{"email":"mail"}}`)
	require.Equal(t, http.StatusCreated, w.Code, w.Body.String())
	x.conforms("CreateSamlApplication", http.MethodPost, "/api/saml-applications", w)
	app := decode(t, w)
	id := app["id"].(string)
	require.Equal(t, "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent", app["nameIdFormat"])
	require.Nil(t, app["encryption"])

	// The application list shows it; the /applications routes that edit refuse it.
	w = x.api(http.MethodGet, "/api/applications/"+id, tok, "")
	require.Equal(t, "SAML", decode(t, w)["type"])
	require.Equal(t, []any{"http://example.com/api/saml-applications/" + id + "/callback"},
		decode(t, w)["oidcClientMetadata"].(map[string]any)["redirectUris"])
	require.Equal(t, "application.saml.use_saml_app_api", decode(t, x.api(http.MethodDelete, "/api/applications/"+id, tok, ""))["code"])
	other := x.created(tok, "/api/applications", `{"name":"spa","type":"SPA"}`)
	require.Equal(t, "application.saml.saml_application_only", decode(t, x.api(http.MethodGet, "/api/saml-applications/"+other, tok, ""))["code"])

	w = x.api(http.MethodPatch, "/api/saml-applications/"+id, tok, `{"description":"docs","nameIdFormat":"urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress"}`)
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	require.Equal(t, "docs", decode(t, w)["description"])
	require.Equal(t, map[string]any{"email": "mail"}, decode(t, w)["attributeMapping"])

	// One certificate, active, valid 3 years; a new one starts inactive.
	secrets := decodeList(t, x.api(http.MethodGet, "/api/saml-applications/"+id+"/secrets", tok, ""))
	require.Len(t, secrets, 1)
	first := secrets[0].(map[string]any)
	require.Equal(t, true, first["active"])
	block, _ := pem.Decode([]byte(first["certificate"].(string)))
	cert, err := x509.ParseCertificate(block.Bytes)
	require.NoError(t, err)
	require.Equal(t, "logto.io", cert.Issuer.CommonName)
	require.Equal(t, 3, cert.NotAfter.Year()-cert.NotBefore.Year())
	require.Len(t, first["fingerprints"].(map[string]any)["sha256"].(map[string]any)["unformatted"], 64)

	w = x.api(http.MethodPost, "/api/saml-applications/"+id+"/secrets", tok, `{"lifeSpanInYears":1}`)
	require.Equal(t, http.StatusCreated, w.Code, w.Body.String())
	x.conforms("CreateSamlApplicationSecret", http.MethodPost, "/api/saml-applications/"+id+"/secrets", w)
	second := decode(t, w)
	require.Equal(t, false, second["active"])
	w = x.api(http.MethodDelete, "/api/saml-applications/"+id+"/secrets/"+first["id"].(string), tok, "")
	require.Equal(t, "application.saml.can_not_delete_active_secret", decode(t, w)["code"])
	w = x.api(http.MethodPatch, "/api/saml-applications/"+id+"/secrets/"+second["id"].(string), tok, `{"active":true}`)
	require.Equal(t, true, decode(t, w)["active"])
	require.Equal(t, http.StatusNoContent, x.api(http.MethodDelete, "/api/saml-applications/"+id+"/secrets/"+first["id"].(string), tok, "").Code)

	// The metadata needs no token and carries the active certificate.
	w = x.do(http.MethodGet, "/api/saml-applications/"+id+"/metadata", "")
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	require.Equal(t, "text/xml;charset=utf-8", w.Header().Get("Content-Type"))
	body := w.Body.String()
	require.Contains(t, body, `entityID="http://example.com/saml/`+id+`"`)
	require.Contains(t, body, `<NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</NameIDFormat>`)
	secondCert := strings.NewReplacer("-----BEGIN CERTIFICATE-----", "", "-----END CERTIFICATE-----", "", "\r", "", "\n", "").Replace(second["certificate"].(string))
	require.Contains(t, body, secondCert)

	// Logto OSS allows three.
	x.created(tok, "/api/saml-applications", `{"name":"two"}`)
	x.created(tok, "/api/saml-applications", `{"name":"three"}`)
	w = x.api(http.MethodPost, "/api/saml-applications", tok, `{"name":"four"}`)
	require.Equal(t, http.StatusForbidden, w.Code)
	require.Equal(t, "You CAN NOT create more SAML apps since the limit of 3 is hit.", decode(t, w)["message"])

	require.Equal(t, http.StatusNoContent, x.api(http.MethodDelete, "/api/saml-applications/"+id, tok, "").Code)
	require.Equal(t, 2, count(t, x, samlSecrets), "the deleted app's secrets went with it; the other two keep theirs")
	require.Equal(t, 2, count(t, x, samlConfigs))
}
