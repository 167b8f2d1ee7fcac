;;; drive_eglot.el --- drive eglot through botoport-lsp, write what it saw as JSON -*- lexical-binding: t -*-
;; Inputs: BOTOPORT_SET_UP (the set-up file under test), BOTOPORT_TEST_FILE (the override),
;; BOTOPORT_TEST_PYPROJECT (the checkout's pyproject.toml), BOTOPORT_TEST_OUT (the JSON).
(require 'json)
(setq make-backup-files nil create-lockfiles nil eglot-send-changes-idle-time 0.1)
(load (getenv "BOTOPORT_SET_UP"))
(defvar botoport-seen (list))

(defun botoport-wait (predicate seconds)
  "Run the event loop until PREDICATE holds or SECONDS pass; its last value."
  (let ((deadline (+ (float-time) seconds)) (value nil))
    (while (and (not (setq value (funcall predicate))) (< (float-time) deadline))
      (accept-process-output nil 0.1))
    value))

(defun botoport-messages ()
  (mapcar (lambda (d) (list (cons 'line (1- (line-number-at-pos (flymake-diagnostic-beg d))))
                            (cons 'message (flymake-diagnostic-text d))))
          (flymake-diagnostics)))

(defun botoport-with-words (words)
  (lambda () (seq-find (lambda (d) (string-search words (flymake-diagnostic-text d)))
                       (flymake-diagnostics))))

(defun botoport-finish ()
  (with-temp-file (getenv "BOTOPORT_TEST_OUT") (insert (json-encode botoport-seen)))
  (kill-emacs 0))

(find-file (getenv "BOTOPORT_TEST_FILE"))
(python-mode)
(condition-case err
    (progn
      (call-interactively #'eglot)
      (unless (botoport-wait (botoport-with-words "1.0.1 -> 1.0.2") 60)
        (push (cons 'error "no diagnostics") botoport-seen)
        (botoport-finish))
      (push (cons 'diagnostics (vconcat (botoport-messages))) botoport-seen)
      ;; The bound moves while the editor runs.
      (with-temp-buffer
        (insert-file-contents (getenv "BOTOPORT_TEST_PYPROJECT"))
        (goto-char (point-min))
        (search-forward "< 1.0.3")
        (replace-match "< 1.0.4")
        (write-region nil nil (getenv "BOTOPORT_TEST_PYPROJECT")))
      (push (cons 'moved (if (botoport-wait (botoport-with-words "1.0.1 -> 1.0.3") 10) t :json-false))
            botoport-seen)
      (goto-char (point-min))
      (forward-line 4)
      (forward-char 10)
      (let* ((server (eglot--current-server-or-lose))
             (position (eglot--TextDocumentPositionParams))
             (hover (jsonrpc-request server :textDocument/hover position))
             (range (list :start (plist-get position :position) :end (plist-get position :position)))
             (actions (jsonrpc-request server :textDocument/codeAction
                                       (list :textDocument (plist-get position :textDocument)
                                             :range range :context (list :diagnostics [])))))
        (push (cons 'hover (or (plist-get (plist-get hover :contents) :value) "")) botoport-seen)
        (push (cons 'actions (vconcat (mapcar (lambda (a) (plist-get a :title)) actions))) botoport-seen)
        (let ((port (seq-find (lambda (a) (string-search "apply botocore's change" (plist-get a :title)))
                              actions)))
          (when port
            (eglot--apply-workspace-edit (plist-get port :edit))
            ;; Batch mode is never idle: send the change as eglot's idle timer would.
            (eglot--signal-textDocument/didChange))))
      (push (cons 'cleared (if (botoport-wait (lambda () (null (flymake-diagnostics))) 30) t :json-false))
            botoport-seen)
      (push (cons 'text (buffer-substring-no-properties (point-min) (point-max))) botoport-seen))
  (error (push (cons 'error (format "%S" err)) botoport-seen)))
(botoport-finish)
;;; drive_eglot.el ends here
