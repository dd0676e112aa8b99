package lhost

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// TestMessagingServerChannelRecipient: Messaging Server's text without its
// delivery-status part names the message store's channel address
// ("user@ims-ms-daemon") and the sender's address on the next line
// ("Original address:", as http://uit.tufts.edu/print.php?pid=548 quotes
// it): the sender's address is reported. A routable recipient is kept.
func TestMessagingServerChannelRecipient(t *testing.T) {
	head := "From: Internet Mail Delivery <postmaster@ims.example.edu>\nTo: s@example.org\nSubject: Delivery Notification: Delivery has failed\n" +
		"MIME-version: 1.0\nContent-type: text/plain; charset=us-ascii\n\n" +
		"This report relates to a message you sent with the following header fields:\n\n  Subject: hi\n\n" +
		"Your message cannot be delivered to the following recipients:\n\n"
	tests := []struct {
		name, body string
		want       []wantRecipient
	}{
		{"channel address", "  Recipient address: hwong@ims-ms-daemon\n  Original address: hwong@example.edu\n  Reason: Over quota\n",
			[]wantRecipient{{addr: "hwong@example.edu", diagContains: "Over quota"}}},
		{"routable address", "  Recipient address: fax=5528@fax.example.gov\n  Original address: fax=5528@mfc\n  Reason: Illegal host/domain name found\n",
			[]wantRecipient{{addr: "fax=5528@fax.example.gov", diagContains: "Illegal host/domain name found"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := decodeMTA(t, head+tt.body)
			require.Equal(t, dsn.DeliveryReport, r.Kind, "notes: %v", r.Notes)
			assert.Equal(t, string(MessagingServer), string(r.Decoder))
			checkRecipients(t, r, tt.want)
		})
	}
}
