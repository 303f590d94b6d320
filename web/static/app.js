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

  // What cannot be undone asks first. htmx asks for the forms it sends (hx-confirm); a plain
  // form names what will happen in data-confirm, and "cancel" sends nothing.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form && form.dataset && form.dataset.confirm;
    if (question && !window.confirm(question)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  // The coordinator's board: drag a proposal onto an issue to attach it (the list beside
  // each proposal does the same without a mouse).
  var dragged = null;
  document.addEventListener("dragstart", function (event) {
    var card = event.target.closest && event.target.closest(".proposal-card[draggable]");
    if (!card) return;
    dragged = card.dataset.proposalId;
    event.dataTransfer.setData("text/plain", dragged);
    event.dataTransfer.effectAllowed = "move";
  });
  document.addEventListener("dragover", function (event) {
    var issue = dragged && event.target.closest && event.target.closest(".issue-card");
    if (!issue) return;
    event.preventDefault();
    issue.classList.add("drop-here");
  });
  document.addEventListener("dragleave", function (event) {
    var issue = event.target.closest && event.target.closest(".issue-card");
    if (issue) issue.classList.remove("drop-here");
  });
  document.addEventListener("drop", function (event) {
    var issue = dragged && event.target.closest && event.target.closest(".issue-card");
    if (!issue || !window.htmx) return;
    event.preventDefault();
    issue.classList.remove("drop-here");
    window.htmx.ajax("POST", issue.dataset.attachUrl, {
      source: issue, target: "#board", swap: "outerHTML", values: { proposal_id: dragged }
    });
    dragged = null;
  });
})();
