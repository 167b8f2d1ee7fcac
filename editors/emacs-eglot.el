;;; emacs-eglot.el --- botoport-lsp through eglot (Emacs 28 with the eglot package, Emacs 29+)
;;
;; Load it from your init file: (load "/path/to/botoport/editors/emacs-eglot.el")
;; Then M-x eglot in a Python buffer of an aiobotocore checkout.  eglot takes the project's root
;; from project.el: the git repository, whose top is the checkout (`aiobotocore/` and
;; `pyproject.toml`).  eglot runs one server per major mode: this makes botoport that server
;; for Python buffers.  Settings go in BOTOPORT_* environment variables or in
;; `eglot-workspace-configuration' under :botoport (e.g. (:botoport (:target "1.44.8"))).

(require 'eglot)

(add-to-list 'eglot-server-programs
             '((python-mode python-ts-mode) . ("botoport-lsp")))

;;; emacs-eglot.el ends here
