package akamai

import (
	"net/http"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

	"github.com/idemu/idemu/emulator/contract"
	"github.com/idemu/idemu/emulator/store"
)

// --- screens -------------------------------------------------------------------------

func screenOf(c *gin.Context, f flow) (string, error) {
	name := contract.Param(c, "screen")
	if _, ok := f.Screens[name]; !ok {
		return "", configErr(http.StatusNotFound, "Screen not found.")
	}
	return name, nil
}

func screenView(app string, f flow, name string) gin.H {
	return gin.H{"_self": flowBase(app, f.Name) + "/screens/" + name, "name": name, "html": f.Screens[name]}
}

func (h *Handler) listScreens(c *gin.Context, x *call) (int, any, error) {
	return h.readFlow(c, x, func(_ *store.Tx, f flow) (any, error) {
		return named(flowBase(x.app, f.Name)+"/screens", f.Screens), nil
	})
}

func (h *Handler) getScreen(c *gin.Context, x *call) (int, any, error) {
	return h.readFlow(c, x, func(_ *store.Tx, f flow) (any, error) {
		name, err := screenOf(c, f)
		if err != nil {
			return nil, err
		}
		return screenView(x.app, f, name), nil
	})
}

func (h *Handler) createScreen(c *gin.Context, x *call) (int, any, error) {
	var in struct {
		Name string `json:"name"`
		HTML string `json:"html"`
	}
	if err := jsonBody(c, &in); err != nil {
		return 0, nil, err
	}
	f, err := h.editFlow(c, x, func(_ *store.Tx, f *flow) (string, error) {
		if _, exists := f.Screens[in.Name]; exists {
			return "", conflict("A screen named " + in.Name + " already exists.")
		}
		f.Screens[in.Name] = in.HTML
		return "Added screen: " + in.Name, nil
	})
	if err != nil {
		return 0, nil, err
	}
	return http.StatusCreated, screenView(x.app, f, in.Name), nil
}

func (h *Handler) updateScreen(c *gin.Context, x *call) (int, any, error) {
	var in struct {
		HTML string `json:"html"`
	}
	if err := jsonBody(c, &in); err != nil {
		return 0, nil, err
	}
	_, err := h.editFlow(c, x, func(_ *store.Tx, f *flow) (string, error) {
		name, err := screenOf(c, *f)
		if err != nil {
			return "", err
		}
		f.Screens[name] = in.HTML
		return "Updated screen: " + name, nil
	})
	return http.StatusNoContent, nil, err
}

// deleteScreen deletes any screen, the default ones included, as Akamai allows.
func (h *Handler) deleteScreen(c *gin.Context, x *call) (int, any, error) {
	_, err := h.editFlow(c, x, func(_ *store.Tx, f *flow) (string, error) {
		name, err := screenOf(c, *f)
		if err != nil {
			return "", err
		}
		delete(f.Screens, name)
		return "Removed screen: " + name, nil
	})
	return http.StatusNoContent, nil, err
}

// --- Hosted Login links --------------------------------------------------------------

func linkOf(c *gin.Context, f flow) (hlLink, error) {
	l, ok := f.Links[contract.Param(c, "linkId")]
	if !ok {
		return hlLink{}, configErr(http.StatusNotFound, "Link not found.")
	}
	return l, nil
}

func linkView(app string, f flow, l hlLink) gin.H {
	return gin.H{"_self": flowBase(app, f.Name) + "/links/" + l.ID, "id": l.ID, "label": l.Label, "url": l.URL}
}

func (h *Handler) listHostedLoginLinks(c *gin.Context, x *call) (int, any, error) {
	return h.readFlow(c, x, func(_ *store.Tx, f flow) (any, error) {
		out := []gin.H{}
		for _, id := range sortedKeys(f.Links) {
			l := f.Links[id]
			out = append(out, gin.H{"_self": flowBase(x.app, f.Name) + "/links/" + id, "id": id, "label": l.Label})
		}
		return out, nil
	})
}

func (h *Handler) getHostedLoginLink(c *gin.Context, x *call) (int, any, error) {
	return h.readFlow(c, x, func(_ *store.Tx, f flow) (any, error) {
		l, err := linkOf(c, f)
		if err != nil {
			return nil, err
		}
		return linkView(x.app, f, l), nil
	})
}

func (h *Handler) createHostedLoginLink(c *gin.Context, x *call) (int, any, error) {
	var in hlLink
	if err := jsonBody(c, &in); err != nil {
		return 0, nil, err
	}
	in.ID = uuid.NewString()
	f, err := h.editFlow(c, x, func(_ *store.Tx, f *flow) (string, error) {
		f.Links[in.ID] = in
		return "Added Hosted Login link: " + in.Label, nil
	})
	if err != nil {
		return 0, nil, err
	}
	return http.StatusCreated, linkView(x.app, f, in), nil
}

func (h *Handler) updateHostedLoginLink(c *gin.Context, x *call) (int, any, error) {
	var in struct {
		Label *string `json:"label"`
		URL   *string `json:"url"`
	}
	if err := jsonBody(c, &in); err != nil {
		return 0, nil, err
	}
	_, err := h.editFlow(c, x, func(_ *store.Tx, f *flow) (string, error) {
		l, err := linkOf(c, *f)
		if err != nil {
			return "", err
		}
		if in.Label != nil {
			l.Label = *in.Label
		}
		if in.URL != nil {
			l.URL = *in.URL
		}
		f.Links[l.ID] = l
		return "Updated Hosted Login link: " + l.Label, nil
	})
	return http.StatusNoContent, nil, err
}

func (h *Handler) deleteHostedLoginLink(c *gin.Context, x *call) (int, any, error) {
	_, err := h.editFlow(c, x, func(_ *store.Tx, f *flow) (string, error) {
		l, err := linkOf(c, *f)
		if err != nil {
			return "", err
		}
		delete(f.Links, l.ID)
		return "Removed Hosted Login link: " + l.Label, nil
	})
	return http.StatusNoContent, nil, err
}

// --- 2FA messages ----------------------------------------------------------------------

// defaultTwoFactorMessages are the messages "Add the default 2FA messages" puts in a
// locale (idemu's English wording; {code} is the one-time code).
var defaultTwoFactorMessages = map[string]twoFactorMessage{
	"verifyMobileNumber": {SMS: "Your verification code is {code}.", EmailSubject: "Your verification code",
		EmailText: "Your verification code is {code}.", EmailHTML: "<p>Your verification code is <b>{code}</b>.</p>"},
	"signInCode": {SMS: "Your sign-in code is {code}.", EmailSubject: "Your sign-in code",
		EmailText: "Your sign-in code is {code}.", EmailHTML: "<p>Your sign-in code is <b>{code}</b>.</p>"},
}

func twoFactorList(app string, f flow, locale string) []gin.H {
	out := []gin.H{}
	for _, id := range sortedKeys(f.TwoFactor[locale]) {
		out = append(out, gin.H{"_self": localeBase(app, f, locale) + "/2faMessages/" + id, "id": id})
	}
	return out
}

func (h *Handler) listTwoFactorMessages(c *gin.Context, x *call) (int, any, error) {
	return h.readFlow(c, x, func(_ *store.Tx, f flow) (any, error) {
		locale, err := flowLocale(c, f)
		if err != nil {
			return nil, err
		}
		return twoFactorList(x.app, f, locale), nil
	})
}

// addDefaultTwoFactorMessages adds the default messages the locale lacks (409 when it
// has them all).
func (h *Handler) addDefaultTwoFactorMessages(c *gin.Context, x *call) (int, any, error) {
	var locale string
	f, err := h.editFlow(c, x, func(_ *store.Tx, f *flow) (string, error) {
		var err error
		if locale, err = flowLocale(c, *f); err != nil {
			return "", err
		}
		if f.TwoFactor[locale] == nil {
			f.TwoFactor[locale] = map[string]twoFactorMessage{}
		}
		added := 0
		for id, m := range defaultTwoFactorMessages {
			if _, ok := f.TwoFactor[locale][id]; !ok {
				f.TwoFactor[locale][id] = m
				added++
			}
		}
		if added == 0 {
			return "", conflict("The locale already has the default 2FA messages.")
		}
		return "Added the default 2FA messages (" + locale + ")", nil
	})
	if err != nil {
		return 0, nil, err
	}
	return http.StatusCreated, twoFactorList(x.app, f, locale), nil
}

func twoFactorOf(c *gin.Context, f flow) (string, string, twoFactorMessage, error) {
	locale, err := flowLocale(c, f)
	if err != nil {
		return "", "", twoFactorMessage{}, err
	}
	id := contract.Param(c, "messageId")
	m, ok := f.TwoFactor[locale][id]
	if !ok {
		return "", "", twoFactorMessage{}, configErr(http.StatusNotFound, "2FA message not found.")
	}
	return locale, id, m, nil
}

func (h *Handler) getTwoFactorMessage(c *gin.Context, x *call) (int, any, error) {
	return h.readFlow(c, x, func(_ *store.Tx, f flow) (any, error) {
		locale, id, m, err := twoFactorOf(c, f)
		if err != nil {
			return nil, err
		}
		return gin.H{"_self": localeBase(x.app, f, locale) + "/2faMessages/" + id, "id": id, "sms": m.SMS,
			"emailSubject": m.EmailSubject, "emailText": m.EmailText, "emailHtml": m.EmailHTML}, nil
	})
}

func (h *Handler) updateTwoFactorMessage(c *gin.Context, x *call) (int, any, error) {
	var in struct {
		SMS          *string `json:"sms"`
		EmailSubject *string `json:"emailSubject"`
		EmailText    *string `json:"emailText"`
		EmailHTML    *string `json:"emailHtml"`
	}
	if err := jsonBody(c, &in); err != nil {
		return 0, nil, err
	}
	_, err := h.editFlow(c, x, func(_ *store.Tx, f *flow) (string, error) {
		locale, id, m, err := twoFactorOf(c, *f)
		if err != nil {
			return "", err
		}
		for dst, src := range map[*string]*string{&m.SMS: in.SMS, &m.EmailSubject: in.EmailSubject, &m.EmailText: in.EmailText, &m.EmailHTML: in.EmailHTML} {
			if src != nil {
				*dst = *src
			}
		}
		f.TwoFactor[locale][id] = m
		return "Updated 2FA message: " + id + " (" + locale + ")", nil
	})
	return http.StatusNoContent, nil, err
}

// --- Hosted Login upgrades -----------------------------------------------------------

// hlUpgrade is a Hosted Login version a flow can move to, and what it adds: idemu's own
// catalogue, since the real requirements were not available.
type hlUpgrade struct {
	ID      string
	Fields  []upgradeField
	Screens []string
}

type upgradeField struct {
	field   flowField
	english string // the label's text
}

var hostedLoginUpgrades = []hlUpgrade{
	{ID: "2.0", Screens: []string{"verifyEmail", "twoFactorVerification"}, Fields: []upgradeField{
		{flowField{Name: "middleName", Type: ftText, SchemaAttribute: "middleName", Write: true, EmptyMeansNull: true,
			Validation: []fieldRule{{Rule: "maxLength", Value: 1000.0}}}, "Middle name"},
		{flowField{Name: "gender", Type: ftSelect, SchemaAttribute: "gender", Write: true, EmptyMeansNull: true, Validation: []fieldRule{},
			Options: []fieldOption{{Value: "female"}, {Value: "male"}, {Value: "other"}}}, "Gender"},
	}},
	{ID: "2.1", Screens: []string{"trustedDevices"}, Fields: []upgradeField{
		{flowField{Name: "aboutMe", Type: ftTextarea, SchemaAttribute: "aboutMe", Write: true, EmptyMeansNull: true,
			Validation: []fieldRule{{Rule: "maxLength", Value: 1000.0}}}, "About me"},
	}},
}

func upgradeNamed(id string) (hlUpgrade, bool) {
	i := slices.IndexFunc(hostedLoginUpgrades, func(u hlUpgrade) bool { return u.ID == id })
	if i < 0 {
		return hlUpgrade{}, false
	}
	return hostedLoginUpgrades[i], true
}

// available: an upgrade to a version above the flow's.
func (u hlUpgrade) available(f flow) bool {
	return newerVersion(padVersion(u.ID), padVersion(f.HostedLoginVersion))
}

// padVersion makes "2.0" and "10.0" compare as versions: each part to 4 digits.
func padVersion(v string) string {
	out := ""
	for _, part := range strings.Split(v, ".") {
		for len(part) < 4 {
			part = "0" + part
		}
		out += part
	}
	return out
}

func upgradeLabelKey(id, field string) string { return textKey("upgrade." + id + "." + field) }

// requirements lists what applying the upgrade would add to the flow.
func (u hlUpgrade) requirements(app string, f flow) gin.H {
	fields, translations, screens := []string{}, []string{}, []string{}
	for _, uf := range u.Fields {
		if _, ok := f.Fields[uf.field.Name]; !ok {
			fields = append(fields, uf.field.Name)
			translations = append(translations, upgradeLabelKey(u.ID, uf.field.Name))
		}
	}
	for _, s := range u.Screens {
		if _, ok := f.Screens[s]; !ok {
			screens = append(screens, s)
		}
	}
	return gin.H{"_self": flowBase(app, f.Name) + "/upgrades/" + u.ID, "id": u.ID,
		"fields": gin.H{"add": fields, "remove": []string{}}, "translations": gin.H{"add": translations},
		"screens": gin.H{"add": screens, "remove": []string{}}}
}

func (h *Handler) listHostedLoginUpgrades(c *gin.Context, x *call) (int, any, error) {
	return h.readFlow(c, x, func(_ *store.Tx, f flow) (any, error) {
		out := []gin.H{}
		for _, u := range hostedLoginUpgrades {
			if u.available(f) {
				out = append(out, gin.H{"_self": flowBase(x.app, f.Name) + "/upgrades/" + u.ID, "id": u.ID})
			}
		}
		return out, nil
	})
}

func upgradeOf(c *gin.Context) (hlUpgrade, error) {
	u, ok := upgradeNamed(contract.Param(c, "upgradeId"))
	if !ok {
		return hlUpgrade{}, configErr(http.StatusNotFound, "Upgrade not found.")
	}
	return u, nil
}

func (h *Handler) getHostedLoginUpgrade(c *gin.Context, x *call) (int, any, error) {
	return h.readFlow(c, x, func(_ *store.Tx, f flow) (any, error) {
		u, err := upgradeOf(c)
		if err != nil {
			return nil, err
		}
		return u.requirements(x.app, f), nil
	})
}

// applyHostedLoginUpgrade adds what an upgrade requires and records the flow's new
// Hosted Login version; an upgrade at or below the flow's version is a conflict.
func (h *Handler) applyHostedLoginUpgrade(c *gin.Context, x *call) (int, any, error) {
	f, err := h.editFlow(c, x, func(tx *store.Tx, f *flow) (string, error) {
		u, err := upgradeOf(c)
		if err != nil {
			return "", err
		}
		if !u.available(*f) {
			return "", conflict("The flow is already at Hosted Login " + f.HostedLoginVersion + ".")
		}
		et, err := h.capiEntityType(tx, x.app, f.schema())
		if err != nil {
			return "", err
		}
		for _, uf := range u.Fields {
			if _, ok := f.Fields[uf.field.Name]; ok {
				continue
			}
			if _, _, err := et.resolveString(uf.field.SchemaAttribute); err != nil {
				return "", badRequest("Invalid request: the flow's entity type has no attribute " + uf.field.SchemaAttribute)
			}
			fl := uf.field
			fl.Validation, fl.Options = slices.Clone(fl.Validation), slices.Clone(fl.Options)
			fl.Label = f.setText(upgradeLabelKey(u.ID, fl.Name), defaultLocale, uf.english)
			f.Fields[fl.Name] = fl
		}
		for _, s := range u.Screens {
			if _, ok := f.Screens[s]; !ok {
				f.Screens[s] = `<div class="capture_screen" id="` + s + `"></div>`
			}
		}
		f.HostedLoginVersion = u.ID
		return "Upgraded Hosted Login to " + u.ID, nil
	})
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, flowView(x.app, f), nil
}
