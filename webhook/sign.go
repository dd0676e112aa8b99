package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// SecretPrefix starts a symmetric secret in the Standard Webhooks form.
const SecretPrefix = "whsec_"

// ErrBadSecret means a secret is not "whsec_" and base64 of 24 to 64
// bytes.
var ErrBadSecret = errors.New("webhook: bad secret")

// Signer signs requests as the Standard Webhooks specification says: the
// webhook-signature header is "v1," and the base64 of the HMAC-SHA256,
// keyed with the decoded secret, of "{webhook-id}.{webhook-timestamp}.{body}".
// With several secrets (a rotation) it sends one signature per secret,
// space-separated.
type Signer struct {
	keys [][]byte
}

// ParseSecrets reads one or more whitespace-separated secrets, each
// "whsec_" followed by the standard base64 of 24 to 64 random bytes (the
// specification's symmetric secret). The first is the current one.
func ParseSecrets(text string) (*Signer, error) {
	fields := strings.Fields(text)
	if len(fields) == 0 {
		return nil, fmt.Errorf("%w: empty", ErrBadSecret)
	}
	s := &Signer{}
	for i, f := range fields {
		enc, ok := strings.CutPrefix(f, SecretPrefix)
		if !ok {
			return nil, fmt.Errorf("%w: secret %d does not start with %q", ErrBadSecret, i+1, SecretPrefix)
		}
		key, err := base64.StdEncoding.DecodeString(enc)
		if err != nil {
			return nil, fmt.Errorf("%w: secret %d: %w", ErrBadSecret, i+1, err)
		}
		if len(key) < 24 || len(key) > 64 {
			return nil, fmt.Errorf("%w: secret %d is %d bytes, want 24 to 64", ErrBadSecret, i+1, len(key))
		}
		s.keys = append(s.keys, key)
	}
	return s, nil
}

// Sign returns the webhook-signature header value for one attempt.
func (s *Signer) Sign(id string, timestamp int64, body []byte) string {
	var b strings.Builder
	ts := strconv.FormatInt(timestamp, 10)
	for i, key := range s.keys {
		m := hmac.New(sha256.New, key)
		m.Write([]byte(id))
		m.Write([]byte{'.'})
		m.Write([]byte(ts))
		m.Write([]byte{'.'})
		m.Write(body)
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString("v1,")
		b.WriteString(base64.StdEncoding.EncodeToString(m.Sum(nil)))
	}
	return b.String()
}
