package appid

import (
	"bytes"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/platform"
	"github.com/idemu/idemu/emulator/store"
)

// setCustomIDP stores the custom identity provider: the PEM public key App ID checks
// the signature of jwt-bearer assertions with.
func (h *Handler) setCustomIDP(c *gin.Context) error {
	body, err := h.readBody(c)
	if err != nil {
		return err
	}
	cfg, _ := body["config"].(map[string]any)
	pemKey, _ := cfg["publicKey"].(string)
	if active, _ := body["isActive"].(bool); active && pemKey == "" {
		return badRequest("config.publicKey is required when the custom identity provider is active")
	}
	if pemKey != "" {
		if _, err := parsePublicKey(pemKey); err != nil {
			return badRequest("config.publicKey is not a PEM public key: " + err.Error())
		}
	}
	if err := h.deps.Store.Update(func(tx *store.Tx) error { return configs.Put(tx, tenantOf(c), areaCustom.id, body) }); err != nil {
		return err
	}
	c.JSON(http.StatusOK, body)
	return nil
}

// parsePublicKey reads the custom identity provider's key: an RSA public key in PEM
// (PKIX or PKCS #1), since App ID verifies the assertions with RS256.
func parsePublicKey(s string) (*rsa.PublicKey, error) {
	block, _ := pem.Decode([]byte(s))
	if block == nil {
		return nil, fmt.Errorf("no PEM block")
	}
	if key, err := x509.ParsePKIXPublicKey(block.Bytes); err == nil {
		if rsaKey, ok := key.(*rsa.PublicKey); ok {
			return rsaKey, nil
		}
		return nil, fmt.Errorf("not an RSA key")
	}
	return x509.ParsePKCS1PublicKey(block.Bytes)
}

// certificateWarningWindow is how close to expiry a SAML certificate gets a warning.
const certificateWarningWindow = 30 * 24 * time.Hour

// setSAMLIDP stores the SAML configuration and answers with what App ID learned from
// its signing certificates: when each one expires.
func (h *Handler) setSAMLIDP(c *gin.Context) error {
	body, err := h.readBody(c)
	if err != nil {
		return err
	}
	cfg, hasConfig := body["config"].(map[string]any)
	if active, _ := body["isActive"].(bool); active && !hasConfig {
		return badRequest("config is required when SAML is active")
	}
	var validation []any
	if hasConfig {
		certs, _ := cfg["certificates"].([]any)
		now := h.deps.Clock.Now()
		for i, raw := range certs {
			s, _ := raw.(string)
			cert, err := parseCertificate(s)
			if err != nil {
				return badRequest(fmt.Sprintf("config.certificates[%d] is not an X.509 certificate: %v", i, err))
			}
			item := obj("certificate_index", i, "expiration_timestamp", cert.NotAfter.Unix())
			switch {
			case !cert.NotAfter.After(now):
				item["warning"] = "The certificate has expired"
			case cert.NotAfter.Sub(now) < certificateWarningWindow:
				item["warning"] = "The certificate expires in less than 30 days"
			}
			validation = append(validation, item)
		}
	}
	if err := h.deps.Store.Update(func(tx *store.Tx) error { return configs.Put(tx, tenantOf(c), areaSAML.id, body) }); err != nil {
		return err
	}
	if hasConfig {
		body["validation_data"] = obj("certificates", validation)
	}
	c.JSON(http.StatusOK, body)
	return nil
}

// parseCertificate reads a certificate in PEM or as bare base64 DER, the two forms
// SAML identity providers publish.
func parseCertificate(s string) (*x509.Certificate, error) {
	if block, _ := pem.Decode([]byte(s)); block != nil {
		return x509.ParseCertificate(block.Bytes)
	}
	der, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(s), ""))
	if err != nil {
		return nil, fmt.Errorf("neither PEM nor base64")
	}
	return x509.ParseCertificate(der)
}

// SAML 2.0 service provider metadata, as App ID publishes it for its tenants.
type samlEntityDescriptor struct {
	XMLName  xml.Name            `xml:"urn:oasis:names:tc:SAML:2.0:metadata EntityDescriptor"`
	EntityID string              `xml:"entityID,attr"`
	SP       samlSPSSODescriptor `xml:"SPSSODescriptor"`
}

type samlSPSSODescriptor struct {
	AuthnRequestsSigned        bool          `xml:"AuthnRequestsSigned,attr"`
	WantAssertionsSigned       bool          `xml:"WantAssertionsSigned,attr"`
	ProtocolSupportEnumeration string        `xml:"protocolSupportEnumeration,attr"`
	NameIDFormat               string        `xml:"NameIDFormat"`
	AssertionConsumerService   samlACSRecord `xml:"AssertionConsumerService"`
}

type samlACSRecord struct {
	Index     int    `xml:"index,attr"`
	IsDefault bool   `xml:"isDefault,attr"`
	Binding   string `xml:"Binding,attr"`
	Location  string `xml:"Location,attr"`
}

// samlMetadata answers the tenant's service provider metadata in XML.
func (h *Handler) samlMetadata(c *gin.Context) error {
	tenant := tenantOf(c)
	var signRequest bool
	err := h.deps.Store.View(func(tx *store.Tx) error {
		v, err := decodeConfig[struct {
			Config struct {
				SignRequest bool `json:"signRequest"`
			} `json:"config"`
		}](tx, tenant, areaSAML)
		signRequest = v.Config.SignRequest
		return err
	})
	if err != nil {
		return err
	}
	doc := samlEntityDescriptor{
		EntityID: "urn:ibm:cloud:services:appid:" + tenant,
		SP: samlSPSSODescriptor{
			AuthnRequestsSigned: signRequest, WantAssertionsSigned: true,
			ProtocolSupportEnumeration: "urn:oasis:names:tc:SAML:2.0:protocol",
			NameIDFormat:               "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress",
			AssertionConsumerService: samlACSRecord{Index: 1, IsDefault: true,
				Binding:  "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST",
				Location: platform.BaseURL(c.Request) + "/saml2/v1/" + tenant + "/login-acs"},
		},
	}
	out, err := xml.MarshalIndent(doc, "", "  ")
	if err != nil {
		return err
	}
	c.Data(http.StatusOK, "application/xml; charset=utf-8", append([]byte(xml.Header), out...))
	return nil
}

// maxLogoBytes is App ID's limit on the login widget's logo.
const maxLogoBytes = 100 * 1024

// postMedia stores the login widget's logo: a JPG or PNG under 100 kB, answered later
// as a data URL.
func (h *Handler) postMedia(c *gin.Context) error {
	fh, err := c.FormFile("file")
	if err != nil {
		return badRequest("the multipart field file is required")
	}
	if fh.Size > maxLogoBytes {
		return badRequest("the file must be less than 100kb")
	}
	f, err := fh.Open()
	if err != nil {
		return badRequest("the file could not be read")
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxLogoBytes+1))
	if err != nil {
		return badRequest("the file could not be read")
	}
	if len(data) > maxLogoBytes {
		return badRequest("the file must be less than 100kb")
	}
	mime := http.DetectContentType(data)
	if mime != "image/png" && mime != "image/jpeg" {
		return badRequest("the file must be a JPG or PNG image")
	}
	var b bytes.Buffer
	b.WriteString("data:" + mime + ";base64,")
	b.WriteString(base64.StdEncoding.EncodeToString(data))
	err = h.deps.Store.Update(func(tx *store.Tx) error {
		return configs.Put(tx, tenantOf(c), areaMedia.id, obj("image", b.String()))
	})
	if err != nil {
		return err
	}
	c.Status(http.StatusNoContent)
	return nil
}
