// Small behaviours that htmx attributes cannot express. No framework, no inline script.
(function () {
  "use strict";
  // A draft that could not be saved (the line dropped) says so, and saves itself again as
  // soon as the browser is back online: nothing typed is lost while the page stays open.
  document.addEventListener("htmx:sendError", function (event) {
    var form = event.target.closest && event.target.closest(".proposal-form");
    if (!form) return;
    var state = document.getElementById("save-state");
    if (state) {
      state.className = "save-state error";
      state.textContent = "ยังไม่ได้บันทึก: ขาดการเชื่อมต่อ ระบบจะบันทึกให้เมื่อกลับมาออนไลน์";
    }
    form.dataset.unsaved = "1";
  });
  window.addEventListener("online", function () {
    document.querySelectorAll(".proposal-form[data-unsaved]").forEach(function (form) {
      delete form.dataset.unsaved;
      if (window.htmx) window.htmx.trigger(form, "change");
    });
  });
})();
