;;; annalist.el --- Emacs 28 + eglot 1.9 (Debian's) as an LSP client of `annalist lsp --stdio'  -*- lexical-binding: t -*-
;;
;;   emacs --batch -l test/editors/emacs/annalist.el
;;
;; with ANNALIST_CONFIG (the README's configuration), ANNALIST_FILE (a source in the workspace),
;; ANNALIST_GARBLED_FILE (a source with garbled names) and ANNALIST_OUT (where to write what it saw,
;; as JSON). emacs.editor.ts checks the facts. Waits process events until a condition holds, never
;; a bare sleep.

(require 'package)
(package-initialize)
(require 'json)
(require 'cl-lib)

(defvar annalist-facts nil)
(defconst annalist-timeout 60)

(defun annalist-fact (key value)
  (push (cons key value) annalist-facts))

(defun annalist-finish (err)
  (when err (annalist-fact 'error (format "%S" err)))
  (with-temp-file (getenv "ANNALIST_OUT")
    (insert (json-encode annalist-facts)))
  (kill-emacs (if err 1 0)))

(defun annalist-wait (pred what)
  "Process events until PRED returns non-nil; fail after `annalist-timeout' seconds."
  (let ((deadline (+ (float-time) annalist-timeout)) value)
    (while (not (setq value (funcall pred)))
      (when (> (float-time) deadline) (error "Timed out waiting for %s" what))
      (accept-process-output nil 0.05))
    value))

(defun annalist-position-of (word)
  "Moves point one character into the first occurrence of WORD."
  (goto-char (point-min))
  (search-forward word)
  (goto-char (1+ (match-beginning 0))))

(condition-case err
    (progn
      (load (getenv "ANNALIST_CONFIG") nil t)
      (require 'eglot)
      (annalist-fact 'emacs emacs-version)
      ;; What the server publishes, as sent (eglot hands flymake only those of visited files).
      (defvar annalist-published (make-hash-table :test 'equal))
      (cl-defmethod eglot-handle-notification :before
        (_server (_method (eql textDocument/publishDiagnostics)) &key uri diagnostics &allow-other-keys)
        (puthash uri diagnostics annalist-published))

      (find-file (getenv "ANNALIST_FILE"))
      (run-hooks 'post-command-hook) ; eglot-ensure connects after the command that opened the file
      (let* ((server (annalist-wait #'eglot-current-server "eglot to connect"))
             (uri (eglot--path-to-uri buffer-file-name)))
        (annalist-fact 'server (plist-get (eglot--server-info server) :name))
        (annalist-fact 'project_root (expand-file-name (project-root (eglot--project server))))

        ;; A surname two entities share, typed at the top: once the server has read the workspace
        ;; it answers the change with an ambiguous-name hint there.
        (goto-char (point-min))
        (insert "Kamenev. ")
        (eglot--signal-textDocument/didChange)
        (let ((hint (annalist-wait
                     (lambda ()
                       (cl-find-if (lambda (d)
                                     (and (equal (plist-get d :code) "ambiguous-name")
                                          (equal (plist-get (plist-get d :range) :start) '(:line 0 :character 0))))
                                   (gethash uri annalist-published)))
                     "an ambiguous-name hint on the edited line")))
          (annalist-fact 'hint hint))
        (let ((shown (annalist-wait (lambda () (cl-find-if (lambda (d) (= (flymake-diagnostic-beg d) (point-min)))
                                                            (flymake-diagnostics)))
                                    "flymake to show the hint")))
          (annalist-fact 'flymake `((text . ,(flymake-diagnostic-text shown))
                                    (type . ,(symbol-name (flymake-diagnostic-type shown)))
                                    (length . ,(- (flymake-diagnostic-end shown) (flymake-diagnostic-beg shown))))))
        (annalist-fact 'entity_diagnostics
                       (annalist-wait (lambda () (gethash (eglot--path-to-uri (expand-file-name "../entities/broken.md" default-directory))
                                                          annalist-published))
                                      "the diagnostics of broken.md"))

        (annalist-position-of "Stalin")
        (let ((hover (jsonrpc-request server :textDocument/hover (eglot--TextDocumentPositionParams))))
          (annalist-fact 'hover (plist-get (plist-get hover :contents) :value)))
        (let ((defs (jsonrpc-request server :textDocument/definition (eglot--TextDocumentPositionParams))))
          (annalist-fact 'definition
                         (vconcat (mapcar (lambda (loc) `((file . ,(eglot--uri-to-path (plist-get loc :uri)))
                                                          (line . ,(plist-get (plist-get (plist-get loc :range) :start) :line))))
                                          defs))))
        (let ((symbols (jsonrpc-request server :textDocument/documentSymbol `(:textDocument ,(eglot--TextDocumentIdentifier)))))
          (annalist-fact 'symbols (vconcat (mapcar (lambda (s) (plist-get s :name)) symbols))))

        ;; M-. as a user would: xref through eglot opens the entity file at its name line.
        (let ((chapter (current-buffer)))
          (xref-find-definitions (xref-backend-identifier-at-point (xref-find-backend)))
          (annalist-wait (lambda () (not (eq (current-buffer) chapter))) "M-. to open the entity file")
          (annalist-fact 'jumped_to `((file . ,buffer-file-name) (line . ,(1- (line-number-at-pos))))))

        ;; A garbled name: the quick fixes eglot asks for with the diagnostics flymake holds there
        ;; (`eglot-code-actions', as M-x eglot-code-action-quickfix does), and the preferred one
        ;; applied as eglot applies it. The buffer is changed, not saved.
        (find-file (getenv "ANNALIST_GARBLED_FILE"))
        (run-hooks 'post-command-hook)
        (annalist-wait (lambda () (eq (eglot-current-server) server)) "eglot to manage the second text")
        ;; An interactive Emacs starts flymake once the buffer is displayed; batch mode never says so.
        (flymake-start)
        (goto-char (point-min))
        (search-forward "Paokel")
        (let* ((beg (match-beginning 0))
               (end (match-end 0))
               (before (buffer-substring-no-properties (point-min) (point-max)))
               (shown (annalist-wait
                       (lambda ()
                         (cl-find-if (lambda (d)
                                       (equal (plist-get (cdr (assoc 'eglot-lsp-diag (eglot--diag-data d))) :code) "garbled-name"))
                                     (flymake-diagnostics beg end)))
                       "flymake to show the garbled-name warning"))
               (warning (cdr (assoc 'eglot-lsp-diag (eglot--diag-data shown))))
               (actions (eglot-code-actions beg end "quickfix"))
               (preferred (cl-find-if (lambda (a) (eq (plist-get a :isPreferred) t)) actions)))
          (unless preferred (error "No preferred action among %S" (mapcar (lambda (a) (plist-get a :title)) actions)))
          (eglot--apply-workspace-edit (plist-get preferred :edit))
          (annalist-fact 'quick_fix
                         `((word . "Paokel")
                           (flymake . ((beg . ,(1- (flymake-diagnostic-beg shown)))
                                       (end . ,(1- (flymake-diagnostic-end shown)))))
                           (warning . ,warning)
                           (titles . ,(vconcat (mapcar (lambda (a) (plist-get a :title)) actions)))
                           (preferred . ,(plist-get preferred :title))
                           (preferred_diagnostic_codes . ,(vconcat (mapcar (lambda (d) (plist-get d :code)) (plist-get preferred :diagnostics))))
                           (before . ,before)
                           (after . ,(buffer-substring-no-properties (point-min) (point-max)))
                           (modified . ,(if (buffer-modified-p) t :json-false)))))

        (annalist-fact 'alive (if (jsonrpc-running-p server) t :json-false))
        (eglot-shutdown server))
      (annalist-finish nil))
  (error (annalist-finish err)))
