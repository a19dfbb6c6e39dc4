// Inside the Vangnet embed: tell the host page how tall the content is (see embed.js).
(() => {
  if (window.parent === window) return;
  let last = 0;
  const send = () => {
    const h = Math.ceil(document.documentElement.scrollHeight);
    if (h !== last) {
      last = h;
      window.parent.postMessage({ type: "vangnet:height", height: h }, "*");
    }
  };
  window.addEventListener("load", send);
  document.addEventListener("toggle", send, true);
  if ("ResizeObserver" in window) new ResizeObserver(send).observe(document.documentElement);
})();
