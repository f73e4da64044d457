# The warm LibreOffice (ADR 036): starts one headless soffice listening on a private pipe, connects to it through
# UNO (Debian's python3-uno) and converts .docx files to PDF, one JSON line per job on stdin:
#   {"in": "/tmp/…/a.docx", "out": "/tmp/…/a.pdf"}  →  {"ok": true} or {"ok": false, "error": "…"}
# Node (app/documents/pdf.server.ts) owns this process: it kills it when a job hangs and starts a new one.
import json
import os
import subprocess
import sys
import time

import uno
from com.sun.star.beans import PropertyValue


def prop(name, value):
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def main():
    soffice, profile = sys.argv[1], sys.argv[2]
    pipe = "lo-warm-%d" % os.getpid()
    office = subprocess.Popen(
        [soffice, "--headless", "--invisible", "--norestore", "--nologo", "--nodefault", "--nolockcheck",
         "-env:UserInstallation=file://" + profile, "--accept=pipe,name=%s;urp;StarOffice.ComponentContext" % pipe],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    ctx = None
    for _ in range(600):
        try:
            ctx = resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
            break
        except Exception:
            if office.poll() is not None:
                break
            time.sleep(0.1)
    if ctx is None:
        print(json.dumps({"ready": False, "error": "soffice не отвечает"}), flush=True)
        office.kill()
        return
    desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
    print(json.dumps({"ready": True}), flush=True)
    try:
        for line in sys.stdin:
            job = json.loads(line)
            try:
                doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(job["in"]), "_blank", 0,
                                                   (prop("Hidden", True), prop("ReadOnly", True)))
                try:
                    doc.storeToURL(uno.systemPathToFileUrl(job["out"]), (prop("FilterName", "writer_pdf_Export"),))
                finally:
                    doc.close(True)
                print(json.dumps({"ok": True}), flush=True)
            except Exception as e:
                print(json.dumps({"ok": False, "error": str(e)}), flush=True)
    finally:
        try:
            desktop.terminate()
        except Exception:
            pass
        try:
            office.wait(timeout=5)
        except Exception:
            office.kill()


if __name__ == "__main__":
    main()
