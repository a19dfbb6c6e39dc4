// Inside the Vangnet embed: tell the host page how tall the content is (see embed.js).
(() => {
  if (window.parent === window) return;
  let last = 0;
  const send = () => {
    // The content's own height: scrollHeight never drops below the frame's current height, so a
    // frame that grew would never shrink again when a topic is closed.
    const h = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (h !== last) {
      last = h;
      window.parent.postMessage({ type: "vangnet:height", height: h }, "*");
    }
  };
  window.addEventListener("load", send);
  document.addEventListener("toggle", send, true);
  if ("ResizeObserver" in window) new ResizeObserver(send).observe(document.documentElement);
})();
