package identityv1

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/contract"
	"github.com/idemu/idemu/emulator/store"
)

// addLinkedLogin links an external login. idemu calls no external identity provider:
// the authorization code stands for the login at the provider (for example
// "alice@gmail.com"), so a test decides which login it links.
func (h *Handler) addLinkedLogin(c *gin.Context) error {
	var cmd struct {
		Code        string `json:"code"`
		Provider    string `json:"provider"`
		RedirectURI string `json:"redirect-uri"`
	}
	if err := bind(c, &cmd); err != nil {
		return err
	}
	who := callerOf(c)
	err := h.updateMe(c, func(tx *store.Tx, set settings, u *user) error {
		provider, ok := supportedProvider(set, cmd.Provider)
		if !ok {
			return problem("provider-not-supported", fmt.Sprintf("Provider %s not supported", cmd.Provider))
		}
		login := strings.TrimSpace(cmd.Code)
		if err := claim(tx, who.Tenant, byLogin, loginKey(provider, login), u.ID); err != nil {
			return err
		}
		for _, l := range u.LinkedLogins {
			if l.Provider == provider && strings.EqualFold(l.Login, login) {
				return nil // already linked to this user: nothing changes
			}
		}
		u.LinkedLogins = append(u.LinkedLogins, linkedLogin{Login: login, Provider: provider})
		return nil
	})
	return noContent(c, err)
}

func supportedProvider(set settings, name string) (string, bool) {
	for _, p := range set.LinkedLoginProviders {
		if strings.EqualFold(p, name) {
			return p, true
		}
	}
	return "", false
}

// removeLinkedLogin unlinks a login (at every provider it is linked at); 404 when the
// user has no such login.
func (h *Handler) removeLinkedLogin(c *gin.Context) error {
	who := callerOf(c)
	login := contract.Param(c, "login")
	err := h.updateMe(c, func(tx *store.Tx, _ settings, u *user) error {
		kept := u.LinkedLogins[:0]
		removed := 0
		for _, l := range u.LinkedLogins {
			if strings.EqualFold(l.Login, login) {
				removed++
				if err := tx.Release(who.Tenant, users.Name, byLogin, loginKey(l.Provider, l.Login), u.ID); err != nil {
					return err
				}
				continue
			}
			kept = append(kept, l)
		}
		if removed == 0 {
			return notFound(fmt.Sprintf("Login %s is not linked to the user", login))
		}
		u.LinkedLogins = kept
		return nil
	})
	if err != nil {
		return err
	}
	c.Status(http.StatusNoContent)
	return nil
}
