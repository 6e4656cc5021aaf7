/* jishi: the share card inside WeChat, for a site with an official account
 * (jishi.yml `wechat`; templates/jishi/wechat.html loads this only then).
 *
 * WeChat reads neither Open Graph nor a page's images: a card with a title,
 * summary and image needs its JS-SDK, configured with a signature that only
 * the official account's server can make. Inside WeChat only, this asks the
 * site's signing service for the signature of this page's address (?url=…,
 * answered with JSON {appId, timestamp, nonceStr, signature}), loads the
 * SDK from where jishi.yml says (the site's server) and sets the card from the page's Open Graph
 * tags. Any failure leaves WeChat's default card.
 */
(function () {
  "use strict";

  var script = document.querySelector("script[data-jishi-wechat]");
  if (!script || !/MicroMessenger/i.test(navigator.userAgent) || !window.fetch) return;

  function meta(property) {
    var tag = document.querySelector('meta[property="' + property + '"]');
    return tag ? tag.getAttribute("content") : "";
  }

  function load(src) {
    return new Promise(function (done, fail) {
      var sdk = document.createElement("script");
      sdk.src = src;
      sdk.onload = done;
      sdk.onerror = fail;
      document.head.appendChild(sdk);
    });
  }

  var page = location.href.split("#")[0];
  var service = script.getAttribute("data-jishi-wechat");
  service += (service.indexOf("?") < 0 ? "?" : "&") + "url=" + encodeURIComponent(page);

  fetch(service, { credentials: "same-origin" }).then(function (r) {
    if (!r.ok) throw new Error("signature " + r.status);
    return r.json();
  }).then(function (signed) {
    return load(script.getAttribute("data-sdk")).then(function () { return signed; });
  }).then(function (signed) {
    var wx = window.wx;
    if (!wx) return;
    wx.config({ debug: false, appId: signed.appId, timestamp: signed.timestamp, nonceStr: signed.nonceStr,
                signature: signed.signature, jsApiList: ["updateAppMessageShareData", "updateTimelineShareData"] });
    wx.ready(function () {
      var card = { title: meta("og:title") || document.title, desc: meta("og:description"),
                   link: meta("og:url") || page, imgUrl: meta("og:image") };
      wx.updateAppMessageShareData(card);
      wx.updateTimelineShareData({ title: card.title, link: card.link, imgUrl: card.imgUrl });
    });
  }).catch(function () {});
})();
