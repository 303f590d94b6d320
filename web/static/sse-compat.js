// htmx's `sse` extension as PyPI ships it (django-js-lib-htmx 2.0.3.1, ext/sse.js) is the one
// written for htmx 1: it swaps a message in with the internal `selectAndSwap`, which htmx 2
// calls `swap` ("api.selectAndSwap is not a function"). This lends it that one call, mapped
// onto htmx 2's, before the extension is defined; everything else it uses htmx 2 still has.
(function () {
  if (!window.htmx || !htmx.defineExtension) return;
  var define = htmx.defineExtension;
  htmx.defineExtension = function (name, extension) {
    if (name === "sse" && extension.init) {
      var init = extension.init;
      extension.init = function (api) {
        if (!api.selectAndSwap) {
          api.selectAndSwap = function (swapStyle, target, elt, content) {
            api.swap(target, content, { swapStyle: swapStyle }, { contextElement: elt });
          };
        }
        return init.call(this, api);
      };
    }
    return define.call(this, name, extension);
  };
})();
