package sink

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"os"
	"strconv"
)

// Signer signs an event as the Standard Webhooks specification says
// (webhook.Signer): the value of the webhook-signature header.
type Signer interface {
	Sign(id string, timestamp int64, body []byte) string
}

// The headers a stream message carries, besides the broker's own
// (Nats-Msg-Id), in the Standard Webhooks names so that one verifier
// serves the webhook and the streams.
const (
	HeaderID          = "webhook-id"        // the event ID
	HeaderTimestamp   = "webhook-timestamp" // the event's created_at, Unix seconds
	HeaderSignature   = "webhook-signature" // with a signing secret: v1,<base64 HMAC-SHA256>
	HeaderContentType = "content-type"      // application/json
)

// Header is one header of a stream message.
type Header struct{ Key, Value string }

// StreamHeaders returns the headers of a stream message for m. The
// timestamp is the event's creation, not the attempt's, so that every
// retry publishes the same bytes; a consumer replaying a stream checks the
// signature, not the timestamp's freshness. signer may be nil: no
// signature.
func StreamHeaders(m Message, signer Signer) []Header {
	ts := m.Event.CreatedAt.Unix()
	hs := []Header{
		{HeaderID, m.Event.ID},
		{HeaderTimestamp, strconv.FormatInt(ts, 10)},
		{HeaderContentType, "application/json"},
	}
	if signer != nil {
		hs = append(hs, Header{HeaderSignature, signer.Sign(m.Event.ID, ts, m.Data)})
	}
	return hs
}

// TLSFiles name the files of a TLS client configuration.
type TLSFiles struct {
	CAFile     string // PEM certificates of the CAs to trust; empty: the system's
	CertFile   string // PEM client certificate, for mutual TLS
	KeyFile    string // its PEM private key
	ServerName string // the name to verify; empty: the host dialled
}

// Config returns the TLS client configuration of the files.
func (f TLSFiles) Config() (*tls.Config, error) {
	c := &tls.Config{MinVersion: tls.VersionTLS12, ServerName: f.ServerName}
	if f.CAFile != "" {
		pem, err := os.ReadFile(f.CAFile)
		if err != nil {
			return nil, fmt.Errorf("tls: ca file: %w", err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("tls: ca file %s: no PEM certificate", f.CAFile)
		}
		c.RootCAs = pool
	}
	if (f.CertFile == "") != (f.KeyFile == "") {
		return nil, fmt.Errorf("tls: a client certificate needs both its cert file and its key file")
	}
	if f.CertFile != "" {
		cert, err := tls.LoadX509KeyPair(f.CertFile, f.KeyFile)
		if err != nil {
			return nil, fmt.Errorf("tls: client certificate: %w", err)
		}
		c.Certificates = []tls.Certificate{cert}
	}
	return c, nil
}

// Set reports whether any file or name is given.
func (f TLSFiles) Set() bool { return f != (TLSFiles{}) }
