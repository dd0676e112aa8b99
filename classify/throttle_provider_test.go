package classify

import "testing"

// TestThrottleWebDeGMX: WEB.DE's and GMX's rate limit leads with the same
// "Reject due to policy restrictions" line as their policy refusals; its
// last line (too many messages in a short time) decides. The policy
// refusals without it keep their reasons.
func TestThrottleWebDeGMX(t *testing.T) {
	rate := "421-web.de (mxweb113) Nemesis ESMTP Service not available 421-Service unavailable 421-Reject due to policy restrictions 421 Please try again later. Too many messages have been received in a short period of time. Please try again in a few hours and reduce the sending rate."
	runProviderCases(t, "webde-gmx", []providerCase{
		{"web.de rate limit", "mx-ha03.web.de", "a@web.de", "4.0.0", rate, RateLimited},
		{"gmx rate limit", "mx00.emig.gmx.net", "a@gmx.at", "4.0.0", "421-gmx.net (mxgmx017) Nemesis ESMTP Service not available 421-Service unavailable 421-Reject due to policy restrictions 421 Please try again later. Too many messages have been received in a short period of time. Please try again in a few hours and reduce the sending rate.", RateLimited},
		{"policy refusal without the rate line", "mx-ha03.web.de", "a@web.de", "5.0.0", "554-web.de (mxweb112) Nemesis ESMTP Service not available 554-No SMTP service 554 Reject due to policy restrictions.", PolicyViolation},
		{"ip based policy refusal", "mx00.emig.gmx.net", "a@gmx.net", "5.0.0", "554-gmx.net (mxgmx104) Nemesis ESMTP Service not available 554-No SMTP service 554 Reject due to policy restrictions (IP based)", Blocked},
	})
}
