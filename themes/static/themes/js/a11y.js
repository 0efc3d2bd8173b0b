/* Accessibility and elder-mode tools (REQUIREMENTS R66-R68, issue 18), the phone
   menu and the home page's picture carousel. No framework, no third-party code
   or service; loaded from our static files (CSP: no inline script).

   The visitor's choices live in a cookie on the cluster's parent domain (e.g.
   .bj.localhost), so they follow the visitor from the portal to every
   department and banner site; only this script reads it, so the cached HTML of
   public pages stays the same for every visitor. */
(function () {
  "use strict";
  var root = document.documentElement;
  var COOKIE = "cluster_a11y";
  var OLD_KEY = "cluster-a11y"; // localStorage of earlier versions (one host only)
  var TOGGLES = ["elder", "contrast", "zoom", "speech", "pointread", "guides"];
  root.classList.add("js");

  function readCookie() {
    var parts = document.cookie ? document.cookie.split("; ") : [];
    for (var i = 0; i < parts.length; i++) {
      if (parts[i].indexOf(COOKIE + "=") === 0) {
        try { return JSON.parse(decodeURIComponent(parts[i].slice(COOKIE.length + 1))) || {}; }
        catch (e) { return {}; }
      }
    }
    return null;
  }
  function load() {
    var state = readCookie();
    if (state) { return state; }
    try { return JSON.parse(localStorage.getItem(OLD_KEY)) || {}; } catch (e) { return {}; }
  }
  /* The widest domain the browser accepts a cookie for is the cluster's parent
     domain: browsers refuse public suffixes (gov.cn, com.cn), so the first
     suffix that sticks, from the shortest, is the registrable one. */
  function save(state) {
    var value = COOKIE + "=" + encodeURIComponent(JSON.stringify(state)) +
      "; path=/; max-age=31536000; SameSite=Lax";
    var labels = location.hostname.split(".");
    if (/^[0-9.]+$/.test(location.hostname) || labels.length < 2) {
      document.cookie = value;
      return;
    }
    for (var n = 2; n <= labels.length; n++) {
      var domain = labels.slice(-n).join(".");
      document.cookie = value + "; domain=." + domain;
      if (readCookie() && document.cookie.indexOf(COOKIE + "=" + encodeURIComponent(JSON.stringify(state))) !== -1) {
        return;
      }
    }
    document.cookie = value;
  }

  function apply(state) {
    var scale = (state.scale || 1) * (state.elder ? 1.25 : 1);
    root.style.setProperty("--font-scale", String(scale));
    root.classList.toggle("elder", !!state.elder);
    root.classList.toggle("big-cursor", !!state.elder);
    root.classList.toggle("contrast", !!state.contrast);
    root.classList.toggle("zoomed", !!state.zoom);
    root.classList.toggle("guides", !!state.guides);
    var buttons = document.querySelectorAll("[data-a11y]");
    for (var i = 0; i < buttons.length; i++) {
      var name = buttons[i].getAttribute("data-a11y");
      if (TOGGLES.indexOf(name) !== -1) {
        buttons[i].setAttribute("aria-pressed", state[name] ? "true" : "false");
      }
    }
  }

  var state = load();
  apply(state);

  /* 语音朗读 and 指读: the browser's own speech synthesis, in Chinese. */
  function speak(text) {
    if (!("speechSynthesis" in window) || !text) { return; }
    window.speechSynthesis.cancel();
    var utterance = new SpeechSynthesisUtterance(text.replace(/\s+/g, " ").slice(0, 600));
    utterance.lang = "zh-CN";
    utterance.rate = state.elder ? 0.85 : 1;
    window.speechSynthesis.speak(utterance);
  }
  function readableText(element) {
    var target = element && element.closest ? element.closest("a,button,h1,h2,h3,h4,p,li,td,th,dt,dd,label,figcaption") : null;
    return target ? (target.getAttribute("aria-label") || target.innerText || "").trim() : "";
  }
  var lastSpoken = null;
  document.addEventListener("mouseover", function (event) {
    if (!state.pointread) { return; }
    var text = readableText(event.target);
    if (text && text !== lastSpoken) { lastSpoken = text; speak(text); }
  });
  document.addEventListener("focusin", function (event) {
    if (state.pointread || state.speech) {
      var text = readableText(event.target);
      if (text && text !== lastSpoken) { lastSpoken = text; speak(text); }
    }
  });

  /* 辅助线 / 十字光标: two thin lines that follow the pointer. */
  var guideX = null, guideY = null;
  function ensureGuides() {
    if (guideX) { return; }
    guideX = document.createElement("div");
    guideY = document.createElement("div");
    guideX.className = "guide-line guide-x";
    guideY.className = "guide-line guide-y";
    guideX.setAttribute("aria-hidden", "true");
    guideY.setAttribute("aria-hidden", "true");
    document.body.appendChild(guideX);
    document.body.appendChild(guideY);
  }
  document.addEventListener("mousemove", function (event) {
    if (!state.guides) { return; }
    ensureGuides();
    guideX.style.transform = "translateY(" + event.clientY + "px)";
    guideY.style.transform = "translateX(" + event.clientX + "px)";
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-a11y]") : null;
    if (!button) { return; }
    var action = button.getAttribute("data-a11y");
    var scale = state.scale || 1;
    if (action === "font-up") { state.scale = Math.min(2, Math.round((scale + 0.125) * 1000) / 1000); }
    else if (action === "font-down") { state.scale = Math.max(0.875, Math.round((scale - 0.125) * 1000) / 1000); }
    else if (action === "font-reset") { state.scale = 1; }
    else if (TOGGLES.indexOf(action) !== -1) { state[action] = !state[action]; }
    else if (action === "reset") { state = {}; }
    else if (action === "print") { window.print(); return; }
    if (action === "speech") {
      if (state.speech) {
        var main = document.getElementById("main");
        speak(main ? main.innerText : document.title);
      } else if ("speechSynthesis" in window) {
        window.speechSynthesis.cancel();
      }
    }
    if (action === "reset" && "speechSynthesis" in window) { window.speechSynthesis.cancel(); }
    save(state);
    apply(state);
  });

  /* Phone menu: without this script the menu is a plain list. */
  function setUpMenu() {
    var toggle = document.querySelector("[data-nav-toggle]");
    var list = toggle && document.getElementById(toggle.getAttribute("aria-controls"));
    if (!list) { return; }
    toggle.hidden = false;
    toggle.addEventListener("click", function () {
      var open = toggle.getAttribute("aria-expanded") !== "true";
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      list.classList.toggle("open", open);
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && toggle.getAttribute("aria-expanded") === "true") {
        toggle.setAttribute("aria-expanded", "false");
        list.classList.remove("open");
        toggle.focus();
      }
    });
  }

  /* 图片新闻: one slide at a time with previous / pause / next buttons and arrow
     keys; it turns by itself only while not paused, not in elder mode and not
     with reduced motion, and stops while the pointer or focus is inside. */
  function setUpCarousel(carousel) {
    var slides = carousel.querySelectorAll(".slide");
    var controls = carousel.querySelector("[data-carousel-controls]");
    if (slides.length < 2 || !controls) { return; }
    var pause = controls.querySelector("[data-carousel-action=pause]");
    var current = 0, timer = null, paused = false, hovering = false;
    var still = state.elder || (window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches);
    carousel.classList.add("carousel-js");
    controls.hidden = false;
    function show(index) {
      current = (index + slides.length) % slides.length;
      for (var i = 0; i < slides.length; i++) {
        slides[i].hidden = i !== current;
      }
    }
    var region = carousel.querySelector("[data-carousel-slides]");
    function schedule() {
      window.clearInterval(timer);
      timer = null;
      if (!paused && !hovering && !still) {
        timer = window.setInterval(function () { show(current + 1); }, 5000);
      }
      // Announce slides the visitor turns, not those that turn by themselves.
      if (region) { region.setAttribute("aria-live", timer ? "off" : "polite"); }
    }
    function setPaused(value) {
      paused = value;
      pause.setAttribute("aria-pressed", paused ? "true" : "false");
      pause.textContent = paused ? "继续轮播" : "暂停轮播";
      schedule();
    }
    controls.addEventListener("click", function (event) {
      var action = event.target.getAttribute("data-carousel-action");
      if (action === "prev") { show(current - 1); setPaused(true); }
      else if (action === "next") { show(current + 1); setPaused(true); }
      else if (action === "pause") { setPaused(!paused); }
    });
    carousel.addEventListener("keydown", function (event) {
      if (event.key === "ArrowLeft") { show(current - 1); setPaused(true); }
      else if (event.key === "ArrowRight") { show(current + 1); setPaused(true); }
    });
    carousel.addEventListener("mouseenter", function () { hovering = true; schedule(); });
    carousel.addEventListener("mouseleave", function () { hovering = false; schedule(); });
    carousel.addEventListener("focusin", function () { hovering = true; schedule(); });
    carousel.addEventListener("focusout", function () { hovering = false; schedule(); });
    if (still) { setPaused(true); }
    show(0);
    schedule();
  }

  function showToday() {
    var days = "日一二三四五六";
    var now = new Date();
    var stamps = document.querySelectorAll("[data-today]");
    for (var i = 0; i < stamps.length; i++) {
      stamps[i].textContent = now.getFullYear() + "年" + (now.getMonth() + 1) + "月" +
        now.getDate() + "日 星期" + days.charAt(now.getDay());
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    apply(state);
    showToday();
    setUpMenu();
    var carousels = document.querySelectorAll("[data-carousel]");
    for (var i = 0; i < carousels.length; i++) { setUpCarousel(carousels[i]); }
  });
})();
