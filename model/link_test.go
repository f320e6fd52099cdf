package model_test

import (
	"errors"
	"testing"

	"github.com/samling-go/samling/model"
	"github.com/stretchr/testify/assert"
)

func TestCheckLink(t *testing.T) {
	for link, ok := range map[string]bool{
		"https://example.org/a?b=1&c=2":                       true,
		"http://webbutik.skl.se/bilder/artiklar/pdf/5302.pdf": true,
		"HTTPS://EXAMPLE.ORG":                                 true,
		"mailto:registrator@example.se":                       true,
		"javascript:alert(1)":                                 false,
		" javascript:alert(1)":                                false,
		"java\tscript:alert(1)":                               false,
		"data:text/html,<b>":                                  false,
		"vbscript:msgbox":                                     false,
		"file:///etc/passwd":                                  false,
		"//example.org/x":                                     false,
		"/relative":                                           false,
		"https://":                                            false,
		"https:example.org":                                   false,
		"mailto:":                                             false,
		"https://example.org/<script>":                        false,
		"https://example.org/\"onmouseover=x":                 false,
		"":                                                    false,
	} {
		err := model.CheckLink("Attachments[0].Link", link)
		if ok {
			assert.NoError(t, err, link)
			continue
		}
		assert.ErrorIs(t, err, model.ErrLinkScheme, link)
		assert.ErrorIs(t, err, model.ErrInvalid, link)
		var fe *model.FieldError
		if assert.True(t, errors.As(err, &fe), link) {
			assert.Equal(t, "Attachments[0].Link", fe.Field)
		}
	}
	assert.ErrorIs(t, model.Attachment{Title: "Bilaga", Link: "javascript:alert(1)"}.Validate(), model.ErrLinkScheme)
	assert.NoError(t, model.Attachment{Title: "Bilaga"}.Validate(), "a link is optional")
}
