package lhost

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// sesEventMail is an SES event-publishing record as SNS mails it to an
// "email" subscription: the record's JSON, then SNS's footer.
func sesEventMail(record string) string {
	return "From: AWS Notifications <no-reply@sns.amazonaws.com>\nTo: ops@example.com\n" +
		"Subject: AWS Notification Message\nContent-Type: text/plain; charset=UTF-8\n" +
		"x-amz-sns-message-id: 6f1e2d3c-0000-4000-8000-123456789abc\n\n" + record +
		"\n\n--\nIf you wish to stop receiving notifications from this topic, please click or visit the link below to unsubscribe:\n" +
		"https://sns.us-east-1.amazonaws.com/unsubscribe.html?SubscriptionArn=arn:aws:sns:us-east-1:123456789012:ses-events:0000&Endpoint=ops@example.com\n"
}

// TestAmazonSESReject: a Reject event (SES found a virus and delivered
// the message to nobody; Amazon SES Developer Guide, "Contents of event
// data that Amazon SES publishes to Amazon SNS", reject object) fails
// each of the mail object's destinations with the reject reason. The
// events that are no failure (Send, Open, Click, Rendering Failure,
// Subscription), and a Reject that names no destination, report nothing.
func TestAmazonSESReject(t *testing.T) {
	decode := func(t *testing.T, record string) *dsn.Report {
		m, err := dsn.ReadMessage([]byte(sesEventMail(record)))
		require.NoError(t, err)
		return amazonSESDecoder{}.Decode(m)
	}
	mail := `"mail":{"timestamp":"2025-11-17T09:00:00.000Z","source":"billing@example.com","messageId":"0100abc","destination":["a@example.net","b@example.org"],"commonHeaders":{"subject":"Invoice"}}`

	r := decode(t, `{"eventType":"Reject",`+mail+`,"reject":{"reason":"Bad content"}}`)
	require.NotNil(t, r)
	require.Len(t, r.Recipients, 2)
	for i, want := range []string{"a@example.net", "b@example.org"} {
		rc := r.Recipients[i]
		assert.Equal(t, want, rc.Recipient)
		assert.Equal(t, dsn.ActionFailed, rc.Action)
		assert.True(t, rc.NoRemoteAnswer, "no server was tried")
		assert.Equal(t, "Bad content", rc.Fields.Get("Reject-Reason"))
		assert.Contains(t, rc.DiagnosticCode, "Bad content")
	}
	assert.Equal(t, "Invoice", r.Original.Subject)

	for name, record := range map[string]string{
		"send":                       `{"eventType":"Send",` + mail + `,"send":{}}`,
		"open":                       `{"eventType":"Open",` + mail + `,"open":{"ipAddress":"192.0.2.1","timestamp":"2025-11-17T10:00:00.000Z"}}`,
		"click":                      `{"eventType":"Click",` + mail + `,"click":{"link":"https://example.com/x"}}`,
		"rendering failure":          `{"eventType":"Rendering Failure",` + mail + `,"failure":{"errorMessage":"Attribute 'x' is not present in the rendering data.","templateName":"T"}}`,
		"subscription":               `{"eventType":"Subscription",` + mail + `,"subscription":{"contactList":"L","source":"UnsubscribeHeader"}}`,
		"reject without destination": `{"eventType":"Reject","mail":{"messageId":"0100abc"},"reject":{"reason":"Bad content"}}`,
		"reject object missing":      `{"eventType":"Reject",` + mail + `}`,
	} {
		assert.Nil(t, decode(t, record), name)
	}
}
