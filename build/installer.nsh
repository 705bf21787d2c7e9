; Counter: preconfiguration for the Windows installer (included by electron-builder, nsis.include).
;
; A silent, preconfigured install on a till:
;   Counter-Setup-0.1.0.exe /S /allusers /SERVER=https://backoffice.example.com /STORE=MAKATI /TERMINAL="Till 1" /PRINTER="EPSON TM-T82" /LOCK
;
; The flags become resources\counter-admin.json (beside app.asar, under Program Files, so a
; cashier cannot edit it). /LOCK locks every key given, so the user config cannot change
; them. electron-builder's update path uninstalls the old version first (RMDir /r $INSTDIR),
; which would delete the file: a copy is kept in HKLM (admin-only) and written back when an
; update or a reinstall comes without flags. A full uninstall removes both.
; Values are JSON-escaped here (a network printer is \\server\printer); the app validates
; the file and logs any bad value (docs/INSTALL.md).

!include "FileFunc.nsh"
!include "LogicLib.nsh"

!define COUNTER_ADMIN_FILE "$INSTDIR\resources\counter-admin.json"
!define COUNTER_ADMIN_REGKEY "Software\Counter"

; Installer pass only: in the uninstaller pass these would be unreferenced, and
; electron-builder treats NSIS warnings as errors.
!ifndef BUILD_UNINSTALLER
Var counterParams
Var counterValue
Var counterJson
Var counterSeparator
Var counterLocked

; Escapes $counterValue in place for a JSON string: \ -> \\ and " -> \"
Function CounterJsonEscape
  Push $0
  Push $1
  Push $2
  StrCpy $0 0
  StrCpy $2 ""
  loop:
    StrCpy $1 $counterValue 1 $0
    StrCmp $1 "" done
    StrCmp $1 "\" 0 +3
      StrCpy $2 "$2\\"
      Goto next
    StrCmp $1 '"' 0 +3
      StrCpy $2 '$2\"'
      Goto next
    StrCpy $2 "$2$1"
  next:
    IntOp $0 $0 + 1
    Goto loop
  done:
  StrCpy $counterValue $2
  Pop $2
  Pop $1
  Pop $0
FunctionEnd
!endif

; Reads one /FLAG=value; when given, adds "key": "value" to the JSON and key to the lock list.
!macro CounterOption FLAG KEY
  ClearErrors
  ${GetOptions} $counterParams "${FLAG}" $counterValue
  ${IfNot} ${Errors}
  ${AndIf} $counterValue != ""
    Call CounterJsonEscape
    StrCpy $counterJson '$counterJson$counterSeparator$\r$\n  "${KEY}": "$counterValue"'
    StrCpy $counterSeparator ","
    ${If} $counterLocked == ""
      StrCpy $counterLocked '"${KEY}"'
    ${Else}
      StrCpy $counterLocked '$counterLocked, "${KEY}"'
    ${EndIf}
  ${EndIf}
!macroend

!macro customInstall
  ${GetParameters} $counterParams
  StrCpy $counterJson "{"
  StrCpy $counterSeparator ""
  StrCpy $counterLocked ""
  !insertmacro CounterOption "/SERVER=" "serverUrl"
  !insertmacro CounterOption "/STORE=" "storeCode"
  !insertmacro CounterOption "/TERMINAL=" "terminalName"
  !insertmacro CounterOption "/PRINTER=" "printerName"

  ${If} $counterSeparator == ","
    ClearErrors
    ${GetOptions} $counterParams "/LOCK" $counterValue
    ${IfNot} ${Errors}
      StrCpy $counterJson '$counterJson,$\r$\n  "locked": [$counterLocked]'
    ${EndIf}
    StrCpy $counterJson '$counterJson$\r$\n}$\r$\n'
    FileOpen $0 "${COUNTER_ADMIN_FILE}" w
    FileWrite $0 $counterJson
    FileClose $0
    WriteRegStr HKLM "${COUNTER_ADMIN_REGKEY}" "AdminConfig" $counterJson
    DetailPrint "Counter preconfigured: ${COUNTER_ADMIN_FILE}"
  ${Else}
    ; No flags: an update, or a reinstall. Bring the last preset back if there was one.
    ReadRegStr $counterJson HKLM "${COUNTER_ADMIN_REGKEY}" "AdminConfig"
    ${If} $counterJson != ""
      FileOpen $0 "${COUNTER_ADMIN_FILE}" w
      FileWrite $0 $counterJson
      FileClose $0
      DetailPrint "Counter preconfiguration kept from the previous install"
    ${EndIf}
  ${EndIf}
!macroend

!macro customUnInstall
  ; An update runs the old uninstaller too (--updated): the preset must survive it.
  ${IfNot} ${isUpdated}
    DeleteRegKey HKLM "${COUNTER_ADMIN_REGKEY}"
  ${EndIf}
!macroend
