package classify

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// asiaCase is one reply of Naver, NetEase or Sina as a bounce quotes it.
type asiaCase struct {
	remote, rcpt, status, diag string
	want                       Reason
}

// naverCases are replies of Naver's MX hosts; each ends in Naver's
// session id and "- nsmtp".
var naverCases = []asiaCase{
	{"mx2.naver.com", "neko@naver.com", "5.7.2", "550 5.7.2 Your email has been blocked because the sender is unauthenticated. For more information, go to https://help.naver.com/alias/mail/newmail10.naver piHy3W9tQeeZMnv+-t7Azw - nsmtp", AuthFailure},
	{"mx1.naver.com", "neko@naver.com", "4.3.2", "421 4.3.2 Your IP(192.0.2.1) is filtered and this connection will be closed. You must register your IP to http://realip.naver.com", Blocked},
	{"mx3.naver.com", "neko@naver.com", "5.3.4", "552 5.3.4 Error: message file too big", EmailTooLarge},
	{"mx1.naver.com", "neko@naver.com", "5.1.1", "550 5.1.1 No such user. For more information, go to https://help.naver.com/alias/mail/newmail10.naver YFIkhhfiSGCl2Nuynp4eNQ - nsmtp", UserUnknown},
}

// neteaseReply is a NetEase reply as its MX hosts word it: reply code,
// error code, host and session id, and the help link.
func neteaseReply(reply, code string) string {
	return reply + " " + code + " mx14,QMCowECpA0qTiftVaeB3Cg--.872S2 1442548128 http://mail.163.com/help/help_spam_16.htm?ip=192.0.2.1&hostid=mx14&time=1442548128"
}

var neteaseCases = []asiaCase{
	{"163mx01.mxmail.netease.com", "neko@163.com", "5.0.0", neteaseReply("554", "DT:SPM"), SpamDetected},
	{"163mx02.mxmail.netease.com", "neko@163.com", "4.0.0", "451 DT:SPM 163 mx14,QMCowECpA0qTiftVaeB3Cg--.872S2 1442548128, please try again http://mail.163.com/help/help_spam_16.htm?ip=192.0.2.1", SpamDetected},
	{"126mx01.mxmail.netease.com", "neko@126.com", "5.0.0", neteaseReply("550", "DT:SPM"), SpamDetected},
	{"163mx01.mxmail.netease.com", "neko@163.com", "5.0.0", neteaseReply("554", "DT:SUM"), PolicyViolation},
	{"163mx03.mxmail.netease.com", "neko@163.com", "4.0.0", neteaseReply("450", "DT:RBL"), Blocked},
	{"163mx01.mxmail.netease.com", "neko@163.com", "5.0.0", neteaseReply("554", "HL:IHU"), Blocked},
	{"163mx01.mxmail.netease.com", "neko@163.com", "5.0.0", neteaseReply("554", "HL:IPB"), Blocked},
	{"163mx01.mxmail.netease.com", "neko@163.com", "4.0.0", neteaseReply("450", "WM:BLI"), Blocked},
	{"163mx01.mxmail.netease.com", "neko@163.com", "4.0.0", neteaseReply("421", "HL:MEP"), Blocked},
	{"163mx01.mxmail.netease.com", "neko@163.com", "4.0.0", neteaseReply("421", "HL:REP"), Blocked},
	{"163mx01.mxmail.netease.com", "neko@163.com", "4.0.0", neteaseReply("421", "HL:ICC"), RateLimited},
	{"163mx01.mxmail.netease.com", "neko@163.com", "4.0.0", neteaseReply("421", "HL:IFC"), RateLimited},
	{"163mx01.mxmail.netease.com", "neko@163.com", "5.0.0", neteaseReply("554", "HL:IFQ"), RateLimited},
	{"163mx01.mxmail.netease.com", "neko@163.com", "5.0.0", neteaseReply("550", "MI:NHD"), Blocked},
	{"163mx01.mxmail.netease.com", "neko@163.com", "5.0.0", neteaseReply("550", "MI:SPF"), AuthFailure},
	{"163mx01.mxmail.netease.com", "neko@163.com", "5.0.0", neteaseReply("550", "MI:DMA"), AuthFailure},
	{"163mx01.mxmail.netease.com", "neko@163.com", "5.0.0", neteaseReply("550", "MI:IMF"), Rejected},
	{"163mx01.mxmail.netease.com", "neko@163.com", "5.0.0", neteaseReply("554", "MI:SPB"), Rejected},
	{"163mx01.mxmail.netease.com", "neko@163.com", "4.0.0", neteaseReply("450", "WM:BLU"), Rejected},
	{"163mx01.mxmail.netease.com", "neko@163.com", "5.0.0", neteaseReply("550", "RP:FRL"), NoRelaying},
	{"163mx01.mxmail.netease.com", "neko@163.com", "4.0.0", neteaseReply("450", "MI:CEL"), SyntaxError},
	{"163mx01.mxmail.netease.com", "neko@163.com", "4.0.0", neteaseReply("451", "RP:CEL"), SyntaxError},
	{"163mx01.mxmail.netease.com", "neko@163.com", "4.0.0", neteaseReply("450", "MI:CCL"), RateLimited},
	{"163mx01.mxmail.netease.com", "neko@163.com", "4.0.0", neteaseReply("450", "RP:CCL"), RateLimited},
	{"163mx01.mxmail.netease.com", "neko@163.com", "4.0.0", neteaseReply("451", "MI:DMC"), RateLimited},
	{"163mx01.mxmail.netease.com", "neko@163.com", "4.0.0", neteaseReply("450", "RP:DRC"), RateLimited},
	{"163mx01.mxmail.netease.com", "neko@163.com", "4.0.0", neteaseReply("451", "MI:SFQ"), RateLimited},
	{"163mx01.mxmail.netease.com", "neko@163.com", "5.0.0", neteaseReply("554", "MI:STC"), RateLimited},
	{"163mx01.mxmail.netease.com", "neko@163.com", "5.0.0", neteaseReply("550", "RP:RCL"), RateLimited},
	{"163mx01.mxmail.netease.com", "neko@163.com", "4.0.0", neteaseReply("451", "RP:QRC"), RateLimited},
	{"163mx01.mxmail.netease.com", "neko@163.com", "5.0.0", neteaseReply("550", "RP:TRC"), RateLimited},
	{"163mx01.mxmail.netease.com", "neko@163.com", "5.0.0", "550 User suspended", Suspend},
	{"163mx01.mxmail.netease.com", "neko@163.com", "5.0.0", "550 User in blacklist", Rejected},
	{"163mx01.mxmail.netease.com", "neko@163.com", "5.0.0", "554 IP in blacklist", Blocked},
	{"163mx01.mxmail.netease.com", "neko@163.com", "5.0.0", "553 Requested action not taken: NULL sender is not allowed", Rejected},
	{"163mx01.mxmail.netease.com", "neko@163.com", "5.0.0", "553 Requested action not taken: no smtp MX only", Rejected},
	{"163mx01.mxmail.netease.com", "neko@163.com", "5.0.0", "550 Requested mail action not taken: too much recipient", RateLimited},
	{"163mx01.mxmail.netease.com", "neko@163.com", "5.0.0", "552 Requested mail action aborted: exceeded mailsize limit", EmailTooLarge},
	{"163mx01.mxmail.netease.com", "neko@163.com", "5.0.0", "552 Illegal Attachment", PolicyViolation},
	{"163mx01.mxmail.netease.com", "neko@163.com", "5.1.1", "550 Invalid User", UserUnknown},
	{"yeahmx00.mxmail.netease.com", "neko@yeah.net", "5.1.1", "550 User not found: neko@yeah.net", UserUnknown},
}

// sinaCases are the replies Sina's anti-spam notice lists.
var sinaCases = []asiaCase{
	{"freemx1.sinamail.sina.com.cn", "neko@sina.com", "4.7.1", "450 4.7.1 Client host rejected: cannot find your hostname, [192.0.2.1]", RequirePTR},
	{"freemx2.sinamail.sina.com.cn", "neko@sina.cn", "4.7.1", "450 4.7.1 <mail.example.org>: Helo command rejected: Host not found", Blocked},
	{"mx.sina.com.cn", "neko@sina.com", "5.5.2", "504 5.5.2 <localhost>: Helo command rejected: need fully-qualified hostname", Blocked},
	{"mx.sina.com.cn", "neko@sina.com", "5.5.2", "501 5.5.2 <mail_example>: Helo command rejected: Invalid name", Blocked},
}

// Each provider's documented replies, as realistic recipient facts
// through the whole classifier, are decided by the provider's table; and
// every row of the three tables is reached by one of them.
func TestAsiaProviderReplies(t *testing.T) {
	for _, p := range []struct {
		provider *Provider
		cases    []asiaCase
	}{
		{Naver, naverCases},
		{NetEase, neteaseCases},
		{Sina, sinaCases},
	} {
		hit := map[string]bool{}
		for _, tt := range p.cases {
			t.Run(p.provider.Name+"/"+tt.diag, func(t *testing.T) {
				v := classifyOne(t, fact(tt.remote, tt.rcpt, tt.status, tt.diag))
				assert.Equal(t, p.provider.Name, v.Provider)
				assert.Equal(t, StageProvider, v.Stage, v.Rule)
				assert.Equal(t, tt.want, v.Reason, v.Rule)
				assert.True(t, strings.HasPrefix(v.Rule, p.provider.Name+"/"+string(tt.want)+"/"), v.Rule)
				hit[v.Rule] = true
			})
		}
		for i := range p.provider.Rules {
			assert.True(t, hit[p.provider.RuleID(i)], "no case reaches %s", p.provider.RuleID(i))
		}
	}
}

// The provider is found from the recipient's domain when the bounce
// names no remote host.
func TestAsiaProviderByRecipientDomain(t *testing.T) {
	tests := []struct {
		rcpt, diag, provider string
		want                 Reason
	}{
		{"neko@naver.com", "550 5.1.1 No such user. For more information, go to https://help.naver.com/alias/mail/newmail10.naver YFIkhhfiSGCl2Nuynp4eNQ - nsmtp", "naver", UserUnknown},
		{"neko@126.com", neteaseReply("554", "HL:IHU"), "netease", Blocked},
		{"neko@188.com", neteaseReply("550", "MI:SPF"), "netease", AuthFailure},
		{"neko@sina.cn", "450 4.7.1 Client host rejected: cannot find your hostname, [192.0.2.1]", "sina", RequirePTR},
	}
	for _, tt := range tests {
		t.Run(tt.rcpt, func(t *testing.T) {
			v := classifyOne(t, fact("", tt.rcpt, "", tt.diag))
			assert.Equal(t, tt.provider, v.Provider)
			assert.Equal(t, tt.want, v.Reason, v.Rule)
			assert.True(t, strings.HasPrefix(v.Rule, tt.provider+"/"), v.Rule)
		})
	}
}

// A NetEase code is found only as a whole word: a session id or a URL
// that happens to hold letters and a colon does not select a row.
func TestNetEaseCodeIsAWord(t *testing.T) {
	require.NotNil(t, NetEase.CodePattern)
	assert.Equal(t, "dt:spm", NetEase.findCode(foldText(neteaseReply("554", "DT:SPM"))))
	assert.Equal(t, "", NetEase.findCode("550 requested action not taken: see http://mail.163.com/help/"))
	assert.Equal(t, "", NetEase.findCode("550 xdt:spmx refused"))
}

// Texts the three providers do not document are left to the generic
// stages, which still decide them.
func TestAsiaProviderUndocumentedTexts(t *testing.T) {
	tests := []struct {
		remote, rcpt, status, diag string
		want                       Reason
	}{
		{"mx1.naver.com", "neko@naver.com", "5.2.2", "552 5.2.2 Mailbox is full", MailboxFull},
		{"mx.sina.com.cn", "neko@sina.com", "5.1.1", "550 5.1.1 <neko@sina.com>: Recipient address rejected: User unknown in local recipient table", UserUnknown},
	}
	for _, tt := range tests {
		t.Run(tt.diag, func(t *testing.T) {
			v := classifyOne(t, fact(tt.remote, tt.rcpt, tt.status, tt.diag))
			assert.NotEqual(t, StageProvider, v.Stage, v.Rule)
			assert.Equal(t, tt.want, v.Reason, v.Rule)
		})
	}
}
