package webhook_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/bounce-milter/bounce-milter/webhook"
)

// verify is the receiver's check, as docs/webhook.md gives it: only the
// standard library.
func verify(secret string, h http.Header, body []byte) bool {
	id, ts := h.Get("webhook-id"), h.Get("webhook-timestamp")
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil || time.Since(time.Unix(sec, 0)).Abs() > 5*time.Minute {
		return false // missing, or too old or new: a replay
	}
	key, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(secret, "whsec_"))
	if err != nil {
		return false
	}
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(id + "." + ts + "."))
	mac.Write(body) // the raw body, before any JSON decoding
	want := mac.Sum(nil)
	for _, sig := range strings.Fields(h.Get("webhook-signature")) {
		if b64, ok := strings.CutPrefix(sig, "v1,"); ok {
			got, err := base64.StdEncoding.DecodeString(b64)
			if err == nil && hmac.Equal(got, want) {
				return true
			}
		}
	}
	return false
}

// Verifying a request on the receiving side.
func Example_verify() {
	const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
	body := []byte(`{"version":1,"type":"bounce.hard","id":"msg_1"}`)

	// What bounce-milter sends.
	signer, _ := webhook.ParseSecrets(secret)
	ts := time.Now().Unix()
	h := http.Header{}
	h.Set("webhook-id", "msg_1")
	h.Set("webhook-timestamp", strconv.FormatInt(ts, 10))
	h.Set("webhook-signature", signer.Sign("msg_1", ts, body))

	fmt.Println(verify(secret, h, body))
	fmt.Println(verify(secret, h, []byte(`{"version":1,"type":"bounce.soft","id":"msg_1"}`)))
	// Output:
	// true
	// false
}
