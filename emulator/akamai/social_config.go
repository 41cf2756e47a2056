package akamai

import (
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/store"
)

// --- domain allowlist ------------------------------------------------------------------

var domainPatternRe = regexp.MustCompile(`^(\*\.)?([A-Za-z0-9-]+\.)*[A-Za-z0-9-]+$`)

// domainsArg reads a comma-separated list of domain patterns (a host, or *.host); the
// word null clears the list.
func domainsArg(raw string) ([]string, error) {
	if strings.TrimSpace(raw) == "null" {
		return []string{}, nil
	}
	list := commaList(raw)
	for _, d := range list {
		if !domainPatternRe.MatchString(d) {
			return nil, socialErr(socialInvalidParameter, "invalid domain pattern "+d)
		}
	}
	return list, nil
}

// allowedDomain: the URL's host matches a pattern (*.example.com matches any subdomain).
func allowedDomain(patterns []string, raw string) bool {
	u, err := url.Parse(raw)
	if err != nil {
		return false
	}
	host := strings.ToLower(u.Hostname())
	for _, p := range patterns {
		p = strings.ToLower(p)
		if rest, ok := strings.CutPrefix(p, "*."); ok {
			if strings.HasSuffix(host, "."+rest) {
				return true
			}
		} else if host == p {
			return true
		}
	}
	return false
}

func (h *Handler) socialGetDomainPatterns(c *gin.Context, x *call) (int, any, error) {
	if _, err := h.socialCall(c, x, true); err != nil {
		return 0, nil, err
	}
	var out []string
	err := h.deps.Store.View(func(tx *store.Tx) error {
		cfg, err := loadSocial(tx, x.app)
		out = nonNil(cfg.DomainPatterns)
		return err
	})
	return http.StatusOK, gin.H{"stat": "ok", "domains": out}, err
}

func (h *Handler) socialSetDomainPatterns(c *gin.Context, x *call) (int, any, error) {
	return h.changeDomains(c, x, false)
}

func (h *Handler) socialAddDomainPatterns(c *gin.Context, x *call) (int, any, error) {
	return h.changeDomains(c, x, true)
}

// changeDomains replaces the allowlist, or appends to it.
func (h *Handler) changeDomains(c *gin.Context, x *call, add bool) (int, any, error) {
	form, err := h.socialCall(c, x, true)
	if err != nil {
		return 0, nil, err
	}
	list, err := domainsArg(form.Get("domains"))
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, socialOK, h.changeSocial(x, func(_ *store.Tx, cfg *socialConfig) error {
		if add {
			list = append(slices.Clone(cfg.DomainPatterns), list...)
		}
		var out []string
		for _, d := range list {
			if !slices.Contains(out, d) {
				out = append(out, d)
			}
		}
		cfg.DomainPatterns = nonNil(out)
		return nil
	})
}

// --- settings ------------------------------------------------------------------------

var (
	socialSettingNames = []string{"privacyPolicy", "favicon", "domainRedirect", "postToTokenUrl", "oneTimeUseTokens", "googleProfileUrl"}
	socialFlagSettings = []string{"postToTokenUrl", "oneTimeUseTokens"}
)

func (h *Handler) socialGetApplicationSettings(c *gin.Context, x *call) (int, any, error) {
	if _, err := h.socialCall(c, x, true); err != nil {
		return 0, nil, err
	}
	out := gin.H{"stat": "ok"}
	err := h.deps.Store.View(func(tx *store.Tx) error {
		cfg, err := loadSocial(tx, x.app)
		for _, name := range socialSettingNames {
			v, ok := cfg.Settings[name]
			if !ok && slices.Contains(socialFlagSettings, name) {
				v = "false"
			}
			out[name] = v
		}
		return err
	})
	return http.StatusOK, out, err
}

// socialSetAppSettings changes the settings given: the two switches take true or false,
// the others are URLs (favicon, privacyPolicy, googleProfileUrl) or a domain.
func (h *Handler) socialSetAppSettings(c *gin.Context, x *call) (int, any, error) {
	form, err := h.socialCall(c, x, true)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, socialOK, h.changeSocial(x, func(_ *store.Tx, cfg *socialConfig) error {
		for _, name := range socialSettingNames {
			v, ok := form[name]
			if !ok {
				continue
			}
			value := strings.TrimSpace(v[0])
			switch {
			case slices.Contains(socialFlagSettings, name) && value != "true" && value != "false":
				return socialErr(socialInvalidParameter, name+" must be true or false")
			case name == "domainRedirect" && value != "" && !domainPatternRe.MatchString(value):
				return socialErr(socialInvalidParameter, "domainRedirect must be a domain")
			case !slices.Contains(socialFlagSettings, name) && name != "domainRedirect" && value != "" && !isAbsoluteURL(value):
				return socialErr(socialInvalidParameter, name+" must be an absolute URL")
			}
			cfg.Settings[name] = value
		}
		return nil
	})
}

func isAbsoluteURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && u.Scheme != "" && u.Host != ""
}

// --- mappings ------------------------------------------------------------------------

// socialMap maps an identifier to a primary key; with overwrite=false an identifier
// mapped elsewhere stays (error 5, mapping exists).
func (h *Handler) socialMap(c *gin.Context, x *call) (int, any, error) {
	form, err := h.socialCall(c, x, true)
	if err != nil {
		return 0, nil, err
	}
	id, key := form.Get("identifier"), form.Get("primaryKey")
	return http.StatusOK, socialOK, h.changeSocial(x, func(_ *store.Tx, cfg *socialConfig) error {
		if prev, ok := cfg.Mappings[id]; ok && prev != key && form.Get("overwrite") == "false" {
			return socialErr(socialMappingExists, "the identifier is already mapped to another primary key")
		}
		cfg.Mappings[id] = key
		return nil
	})
}

// socialUnmap removes an identifier's mapping, or with all_identifiers=true every
// identifier mapped to the primary key. unlink is accepted: idemu has no provider
// account to unlink from.
func (h *Handler) socialUnmap(c *gin.Context, x *call) (int, any, error) {
	form, err := h.socialCall(c, x, true)
	if err != nil {
		return 0, nil, err
	}
	id, key := form.Get("identifier"), form.Get("primaryKey")
	all := form.Get("all_identifiers") == "true"
	if !all && id == "" {
		return 0, nil, socialErr(socialMissingParameter, "missing parameter: identifier")
	}
	return http.StatusOK, socialOK, h.changeSocial(x, func(_ *store.Tx, cfg *socialConfig) error {
		removed := 0
		for ident, k := range cfg.Mappings {
			if k == key && (all || ident == id) {
				delete(cfg.Mappings, ident)
				removed++
			}
		}
		if removed == 0 {
			return socialErr(socialDataNotFound, "no identifier is mapped to that primary key")
		}
		return nil
	})
}
