package identityv1

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/contract"
	"github.com/idemu/idemu/emulator/platform"
	"github.com/idemu/idemu/emulator/store"
)

type securityAnswer struct {
	QuestionID string `json:"question-id"`
	Answer     string `json:"answer"`
}

type answersCommand struct {
	Answers []securityAnswer `json:"answers"`
}

// normaliseAnswer makes answers compare without regard to case or surrounding space.
func normaliseAnswer(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// selected lists the tenant's questions the user has answered, in catalogue order.
func selected(set settings, u user) []securityQuestion {
	out := []securityQuestion{}
	for _, q := range set.Questions {
		if _, ok := u.Answers[q.QuestionID]; ok {
			out = append(out, q)
		}
	}
	return out
}

func (h *Handler) getSecurityQuestions(c *gin.Context) error {
	tenant := platform.TenantOf(c)
	var out []securityQuestion
	err := h.deps.Store.View(func(tx *store.Tx) error {
		u, err := userByName(tx, tenant, contract.Param(c, "username"))
		if err != nil {
			return err
		}
		set, err := tenantSettings(tx, tenant)
		out = selected(set, u)
		return err
	})
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, gin.H{"questions": out})
	return nil
}

// setSecurityAnswers replaces the user's answers. Unknown questions, and answers that
// are not among a choice question's available answers, are 400 not-on-list.
func (h *Handler) setSecurityAnswers(c *gin.Context) error {
	var cmd answersCommand
	if err := bind(c, &cmd); err != nil {
		return err
	}
	var out []securityQuestion
	err := h.updateMe(c, func(_ *store.Tx, set settings, u *user) error {
		answers := map[string]string{}
		for i, a := range cmd.Answers {
			q, ok := securityQuestion{}.find(set.Questions, a.QuestionID)
			if !ok {
				return invalid(fmt.Sprintf("answers[%d].question-id", i), "not-on-list", fmt.Sprintf("%s is not a security question", a.QuestionID))
			}
			if len(q.AvailableAnswers) > 0 && !isAvailable(q, a.Answer) {
				return invalid(fmt.Sprintf("answers[%d].answer", i), "not-on-list", "the answer is not one of the available answers")
			}
			answers[a.QuestionID] = hashSecret(normaliseAnswer(a.Answer))
		}
		u.Answers = answers
		out = selected(set, *u)
		return nil
	})
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, gin.H{"questions": out})
	return nil
}

func isAvailable(q securityQuestion, answer string) bool {
	for _, a := range q.AvailableAnswers {
		if normaliseAnswer(a.Value) == normaliseAnswer(answer) {
			return true
		}
	}
	return false
}

// validateSecurityAnswers accepts when at least one answer is given and every given
// answer matches; it stamps last-answer-validated.
func (h *Handler) validateSecurityAnswers(c *gin.Context) error {
	var cmd answersCommand
	if err := bind(c, &cmd); err != nil {
		return err
	}
	notValid := problem("answers-not-valid", "Supplied answers to security questions are not valid")
	err := h.updateUser(platform.TenantOf(c), contract.Param(c, "username"), func(tx *store.Tx, _ settings, u *user) error {
		if len(cmd.Answers) == 0 {
			return notValid
		}
		for _, a := range cmd.Answers {
			if stored, ok := u.Answers[a.QuestionID]; !ok || stored != hashSecret(normaliseAnswer(a.Answer)) {
				return notValid
			}
		}
		now := tx.Now()
		u.LastAnswerValidated = &now
		return nil
	})
	if err != nil {
		return err
	}
	c.Status(http.StatusOK)
	return nil
}
