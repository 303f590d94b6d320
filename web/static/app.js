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
      return;
    }
    // A field whose change cannot be undone (a begun phase's end) asks only when changed.
    var changed = form && form.querySelectorAll ? form.querySelectorAll("[data-confirm-change]") : [];
    for (var i = 0; i < changed.length; i++) {
      var input = changed[i];
      if (input.value !== input.defaultValue && !window.confirm(input.dataset.confirmChange)) {
        event.preventDefault();
        event.stopImmediatePropagation();
        return;
      }
    }
  }, true);

  // ---- The coordinator's board (issue 10, the board's section; keep other pages' code out) ----
  // Drag a proposal onto an issue to attach it (the bar's list, or a small pile's list
  // beside each proposal, does the same without a mouse).
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

  // "เลือก N ข้อเสนอ": the sticky bar counts the ticked proposals; with none ticked it
  // shrinks to that line (without script it shows everything, always).
  function countPicked() {
    var bar = document.getElementById("board-bar");
    if (!bar) return;
    var n = document.querySelectorAll("input[name=proposal_ids][form=new-issue]:checked").length;
    var shown = bar.querySelector("#picked-count strong");
    if (shown) shown.textContent = n.toLocaleString("en-US");
    bar.classList.toggle("none-picked", n === 0);
  }
  document.addEventListener("change", function (event) {
    if (event.target.matches && event.target.matches("input[name=proposal_ids][form=new-issue]")) {
      countPicked();
    }
  });

  // After an action the board comes back with data-focus on what changed (the new issue,
  // the issue added to, the refusal beside its form): focus goes there, in view.
  document.addEventListener("htmx:afterSettle", function (event) {
    // The suggestions arrive after the board and push it down: keep what changed in view.
    var focused = document.activeElement;
    if (event.target && event.target.id === "suggestions" && focused && focused.matches("[data-focus]")) {
      focused.scrollIntoView({ block: "center" });
      return;
    }
    if (!event.target || event.target.id !== "board") return;
    countPicked();
    var changed = event.target.querySelector("[data-focus]");
    if (!changed) return;
    changed.focus({ preventScroll: true });
    changed.scrollIntoView({ block: "center" });
  });
  document.addEventListener("DOMContentLoaded", countPicked);

  // A merge names both issues before it happens; "cancel" sends nothing.
  document.addEventListener("htmx:confirm", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[data-merge]")) return;
    var from = form.elements.issue_id, into = form.elements.into_issue_id;
    if (!from.value || !into.value) return;  // the browser says what is missing
    event.preventDefault();
    var name = function (select) { return select.options[select.selectedIndex].text; };
    var question = "รวมประเด็น “" + name(from) + "” เข้ากับ “" + name(into) + "”?\n" +
      "ข้อเสนอทั้งหมดจะย้ายไปอยู่ใน “" + name(into) + "” และ “" + name(from) + "” จะถูกปิด";
    if (window.confirm(question)) event.detail.issueRequest(true);
  });
  // ---- end of the board's section ----
})();

// --- Inline field errors and the autosave status (issue 10: the council's proposal form,
// the pattern for later forms). A form marked data-inline-errors shows each refusal beside
// its field, in the slot the `field` macro of _macros.html leaves after the control: the
// browser's own checks (min, max, maxlength, a number, required) in Thai before the server
// is asked, and the server's answer in the same slots (out of band, from htmx). ---
(function () {
  "use strict";
  function inlineForm(control) {
    return control && control.form && control.form.hasAttribute("data-inline-errors") ? control.form : null;
  }
  function slotOf(control) {
    var ids = (control.getAttribute("aria-describedby") || "").split(/\s+/);
    for (var i = 0; i < ids.length; i++) {
      var slot = ids[i] && document.getElementById(ids[i]);
      if (slot && slot.hasAttribute("data-field-error")) return slot;
    }
    return null;
  }
  function messageOf(control) {
    var v = control.validity;
    if (v.valueMissing) return "ต้องกรอกช่องนี้";
    if (v.badInput) return "กรอกเป็นตัวเลขเท่านั้น";
    if (v.rangeUnderflow) return control.min === "0" ? "ติดลบไม่ได้: กรอก 0 หรือมากกว่า" : "ต้องไม่น้อยกว่า " + control.min;
    if (v.rangeOverflow) return "ต้องไม่เกิน " + Number(control.max).toLocaleString("en-US");
    if (v.stepMismatch) return "กรอกเป็นจำนวนเต็ม ไม่มีทศนิยม";
    if (v.tooLong) return "ยาวเกิน " + control.maxLength + " ตัวอักษร";
    if (v.tooShort) return "ต้องยาวอย่างน้อย " + control.minLength + " ตัวอักษร";
    if (v.typeMismatch || v.patternMismatch) return control.dataset.patternMessage || "รูปแบบไม่ถูกต้อง";
    return control.validationMessage;
  }
  function mark(control, invalid) {
    if (invalid) control.setAttribute("aria-invalid", "true");
    else control.removeAttribute("aria-invalid");
    var box = control.closest(".field");
    if (box) box.classList.toggle("invalid", invalid);
  }
  function show(control, message) {
    var slot = slotOf(control);
    if (!slot) return;
    slot.textContent = message;
    mark(control, !!message);
  }
  // A form sent by a button (not htmx): the first refused field takes the focus.
  var attempt = null;
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button, input[type=submit]");
    attempt = button && inlineForm(button) && !button.formNoValidate ? button.form : null;
  }, true);
  document.addEventListener("invalid", function (event) {
    var control = event.target;
    if (!inlineForm(control)) return;
    event.preventDefault(); // our words beside the field, not the browser's bubble
    show(control, messageOf(control));
    if (attempt === control.form) {
      attempt = null;
      control.focus();
    }
  }, true);
  // Mended as one types: the message goes when the value is fine (a wrong one says so now).
  function recheck(event) {
    var control = event.target;
    if (inlineForm(control) && control.willValidate && control.checkValidity()) show(control, "");
  }
  document.addEventListener("input", recheck);
  document.addEventListener("change", recheck);
  // After the server's answer: what the browser still refuses stays said (an answer to a save
  // sent before the value was typed clears its slot), and a control is marked invalid exactly
  // when its slot says why.
  document.addEventListener("htmx:afterSettle", function () {
    document.querySelectorAll("form[data-inline-errors]").forEach(function (form) {
      var refused = false;
      Array.prototype.forEach.call(form.elements, function (control) {
        if (!control.willValidate || control.validity.valid || !slotOf(control)) return;
        show(control, messageOf(control));
        refused = true;
      });
      form.querySelectorAll("[data-field-error]").forEach(function (slot) {
        var control = form.querySelector("[aria-describedby~='" + slot.id + "']");
        if (control) mark(control, slot.textContent.trim() !== "");
      });
      if (refused && isDraftForm(form)) notSaved();
    });
  });

  // The autosave status follows the field being typed in (it was at the top, off screen),
  // says "กำลังบันทึก…" while saving, and "ยังไม่ได้บันทึก" when the browser held it back.
  function state() { return document.getElementById("save-state"); }
  function isDraftForm(elt) { return elt && elt.matches && elt.matches(".proposal-form"); }
  // (It goes right under the field's label, and sticks to the top of the screen while the
  // field is on it: in a long textarea too, and never under the phone's keyboard.)
  document.addEventListener("focusin", function (event) {
    var box = isDraftForm(event.target.form) && event.target.closest(".field");
    var s = state();
    var label = box && box.querySelector("label");
    if (label && s && s.parentNode !== box) box.insertBefore(s, label.nextSibling);
  });
  document.addEventListener("htmx:beforeRequest", function (event) {
    var s = state();
    if (!isDraftForm(event.target) || !s) return;
    s.className = "save-state saving";
    s.textContent = "กำลังบันทึก…";
  });
  // The answer carries its own ok/error mark inside the status.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var s = state();
    if (s && event.detail.target === s) s.className = "save-state";
  });
  function notSaved() {
    var s = state();
    if (!s) return;
    s.className = "save-state error";
    s.textContent = "ยังไม่ได้บันทึก: แก้ช่องที่มีข้อความสีแดงก่อน";
  }
  document.addEventListener("htmx:validation:halted", function (event) {
    if (isDraftForm(event.target)) notSaved();
  });
  // Enter in a one-line field saves (it always does), it does not leave for the review.
  document.addEventListener("keydown", function (event) {
    var t = event.target;
    if (event.key === "Enter" && t.tagName === "INPUT" && isDraftForm(t.form)) event.preventDefault();
  });
  // "Review" saves first (on the server); if an autosave is on its way, it waits for it, so
  // the review's save starts from the version that autosave made.
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button[data-save-first]");
    var form = button && button.form;
    if (!form || !form.classList.contains("htmx-request")) return;
    event.preventDefault();
    form.addEventListener("htmx:afterRequest", function () { form.requestSubmit(button); }, { once: true });
  });
})();

// --- A long list to choose from stays usable on a phone: a search box marked
// data-filter-list="#list" hides the list's lines that do not contain what is typed
// (ticked lines always stay). ---
(function () {
  "use strict";
  document.addEventListener("input", function (event) {
    var box = event.target;
    var selector = box.dataset && box.dataset.filterList;
    var list = selector && document.querySelector(selector);
    if (!list) return;
    var words = box.value.trim().toLowerCase();
    list.querySelectorAll(".pick-line").forEach(function (line) {
      var ticked = line.querySelector("input:checked");
      line.hidden = !!words && !ticked && line.textContent.toLowerCase().indexOf(words) < 0;
    });
  });
})();
