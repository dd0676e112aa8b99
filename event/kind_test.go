package event

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/bounce-milter/bounce-milter/classify"
)

func TestKindOf(t *testing.T) {
	hard := classify.Record{Reason: classify.UserUnknown, HardBounce: true}
	soft := classify.Record{Reason: classify.MailboxFull}
	fb := classify.Record{Reason: classify.Feedback}
	vac := classify.Record{Reason: classify.Vacation}
	dlv := classify.Record{Reason: classify.Delivered}
	rr := classify.Record{Reason: classify.Delivered, Rule: classify.RuleReadReceipt}
	for _, tc := range []struct {
		name string
		recs []classify.Record
		want Kind
	}{
		{"none", nil, ""},
		{"hard", []classify.Record{hard}, HardBounce},
		{"soft", []classify.Record{soft}, SoftBounce},
		{"undefined is soft", []classify.Record{{Reason: classify.Undefined}}, SoftBounce},
		{"feedback", []classify.Record{fb}, Feedback},
		{"vacation", []classify.Record{vac}, AutoReply},
		{"delivered", []classify.Record{dlv}, DeliveryNotice},
		{"read receipt", []classify.Record{rr}, ReadReceipt},
		{"delivery notice wins over read receipt", []classify.Record{rr, dlv}, DeliveryNotice},
		{"hard wins over soft", []classify.Record{soft, hard}, HardBounce},
		{"soft wins over delivered", []classify.Record{dlv, soft}, SoftBounce},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, KindOf(tc.recs))
		})
	}
}

func TestKindSpellings(t *testing.T) {
	for _, k := range Kinds {
		b, err := k.MarshalText()
		assert.NoError(t, err)
		assert.Equal(t, k.Name(), string(b))
		assert.Equal(t, "bounce."+k.Name(), k.Type())
		for _, s := range []string{k.String(), k.Name(), strings.ToUpper(k.Name())} {
			got, ok := ParseKind(s)
			assert.True(t, ok, s)
			assert.Equal(t, k, got, s)
		}
	}
	assert.Equal(t, "hard_bounce", HardBounce.Name())
	assert.Equal(t, "read-receipt", ReadReceipt.String())
	_, err := Kind("bogus").MarshalText()
	assert.Error(t, err)
	_, ok := ParseKind("hard")
	assert.False(t, ok, "a filter word is no kind")
}

func TestMatchKind(t *testing.T) {
	for _, tc := range []struct {
		k    Kind
		f    string
		want bool
	}{
		{HardBounce, "hard", true},
		{HardBounce, "hard_bounce", true},
		{HardBounce, "Hard bounce", true},
		{HardBounce, "hard-bounce", true},
		{HardBounce, "bounce", false},
		{HardBounce, "har", false},
		{DeliveryNotice, "delivery", true},
		{ReadReceipt, "read.receipt", true},
		{Feedback, "", false},
		{Feedback, "--", false},
	} {
		assert.Equal(t, tc.want, MatchKind(tc.k, tc.f), "%s %q", tc.k, tc.f)
	}
}
