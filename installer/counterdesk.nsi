; CounterDesk's Windows installer (NSIS 3, Unicode). Built by installer/build, which runs:
;   makensis /DVERSION=0.1.0 /DBUNDLE=dist\counterdesk /DOUTFILE=dist\CounterDesk-0.1.0-setup.exe
;            installer\counterdesk.nsi
;
; Per machine: the program goes to Program Files, the shortcuts to every user's Start menu and
; desktop, the machine-wide configuration to %ProgramData%\CounterDesk\counterdesk.toml (where
; CounterDesk reads it: platformdirs' site_config_dir). Each clerk's terminal database stays in
; their own %LOCALAPPDATA%\CounterDesk.
;
; Mass roll-out (see README.md):
;   CounterDesk-0.1.0-setup.exe /S /CONFIG=\\server\share\hall-07.toml [/D=C:\CounterDesk]
;   "C:\Program Files\CounterDesk\uninstall.exe" /S            keeps data and configuration
;   "C:\Program Files\CounterDesk\uninstall.exe" /S /PURGE     deletes them too
; Exit code 0 when done, 2 when /CONFIG names no readable file (nothing is installed then).

Unicode True
ManifestDPIAware true
!ifdef QUICK
  SetCompress off  ; CI's check that the script compiles: minutes of LZMA would prove nothing more
!else
  SetCompressor /SOLID lzma
!endif

!ifndef VERSION
  !error "Give the version: makensis /DVERSION=0.1.0 /DBUNDLE=dist\counterdesk counterdesk.nsi"
!endif
!ifndef BUNDLE
  !error "Give the PyInstaller folder: makensis /DBUNDLE=dist\counterdesk ... (run installer/build)"
!endif
!ifndef VI_VERSION
  !define VI_VERSION "${VERSION}.0"  ; four numbers for the version resource; build passes them
!endif
!ifndef OUTFILE
  !define OUTFILE "CounterDesk-${VERSION}-setup.exe"
!endif

!define APP "CounterDesk"
!define EXE "counterdesk.exe"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP}"
!define APP_KEY "Software\${APP}"
!define CONFIG_NAME "counterdesk.toml"

!ifdef ICON  ; drawn from ui/icons/counterdesk.svg by the spec (installer/icon.py)
  !define MUI_ICON "${ICON}"
  !define MUI_UNICON "${ICON}"
!endif

!include "MUI2.nsh"
!include "FileFunc.nsh"
!include "LogicLib.nsh"
!include "x64.nsh"

Name "${APP} ${VERSION}"
OutFile "${OUTFILE}"
InstallDir "$PROGRAMFILES64\${APP}"
InstallDirRegKey HKLM "${APP_KEY}" "InstallDir"
RequestExecutionLevel admin
BrandingText "${APP} ${VERSION}"

VIProductVersion "${VI_VERSION}"
VIFileVersion "${VI_VERSION}"
VIAddVersionKey /LANG=0 "ProductName" "${APP}"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileDescription" "${APP} ${VERSION} Setup"
VIAddVersionKey /LANG=0 "LegalCopyright" "Proprietary"

; $APPDATA is %ProgramData% once SetShellVarContext all (both .onInit functions say so).
Var ConfigFile   ; /CONFIG=<path>: copied to %ProgramData%\CounterDesk\counterdesk.toml

!define MUI_ABORTWARNING
!define MUI_UNABORTWARNING
!define MUI_COMPONENTSPAGE_NODESC

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH

!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_COMPONENTS
!insertmacro MUI_UNPAGE_INSTFILES

; The first language is the default where Windows speaks neither.
!insertmacro MUI_LANGUAGE "SimpChinese"
!insertmacro MUI_LANGUAGE "English"

LangString NeedsX64 ${LANG_SIMPCHINESE} "CounterDesk 需要 64 位 Windows。"
LangString NeedsX64 ${LANG_ENGLISH} "CounterDesk needs 64-bit Windows."
LangString NoConfig ${LANG_SIMPCHINESE} "找不到 /CONFIG 指定的配置文件：$ConfigFile"
LangString NoConfig ${LANG_ENGLISH} "The configuration file given with /CONFIG was not found: $ConfigFile"
LangString ConfigCopyFailed ${LANG_SIMPCHINESE} "无法写入配置文件 $APPDATA\${APP}\${CONFIG_NAME}"
LangString ConfigCopyFailed ${LANG_ENGLISH} "Cannot write the configuration file $APPDATA\${APP}\${CONFIG_NAME}"
LangString UninstallLink ${LANG_SIMPCHINESE} "卸载 CounterDesk"
LangString UninstallLink ${LANG_ENGLISH} "Uninstall CounterDesk"
LangString ProgramSection ${LANG_SIMPCHINESE} "程序和快捷方式"
LangString ProgramSection ${LANG_ENGLISH} "Program and shortcuts"
LangString DataSection ${LANG_SIMPCHINESE} "同时删除数据库和配置（尚未上传总部的缴费将丢失）"
LangString DataSection ${LANG_ENGLISH} "Also delete the databases and configuration (payments not yet sent to HQ are lost)"

; --- install ----------------------------------------------------------------------------------

Function .onInit
  SetShellVarContext all
  ${IfNot} ${RunningX64}
    MessageBox MB_ICONSTOP "$(NeedsX64)" /SD IDOK
    SetErrorLevel 2
    Abort
  ${EndIf}
  SetRegView 64
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/CONFIG=" $ConfigFile
  ${If} ${Errors}
    StrCpy $ConfigFile ""
  ${ElseIf} $ConfigFile != ""
    ${IfNot} ${FileExists} "$ConfigFile"
      MessageBox MB_ICONSTOP "$(NoConfig)" /SD IDOK
      SetErrorLevel 2
      Abort
    ${EndIf}
  ${EndIf}
FunctionEnd

Section "-Program" SecProgram
  SetShellVarContext all
  ; An upgrade replaces the libraries whole: a module left from the old version must not load.
  RMDir /r "$INSTDIR\_internal"
  SetOutPath "$INSTDIR"
  File /r "${BUNDLE}\*.*"
!if /FileExists "counterdesk.example.toml"
  File "counterdesk.example.toml"
!endif
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateDirectory "$APPDATA\${APP}"
  ${If} $ConfigFile != ""
    ClearErrors
    CopyFiles /SILENT "$ConfigFile" "$APPDATA\${APP}\${CONFIG_NAME}"
    ${If} ${Errors}
      MessageBox MB_ICONSTOP "$(ConfigCopyFailed)" /SD IDOK
      SetErrorLevel 2
    ${EndIf}
  ${EndIf}

  CreateDirectory "$SMPROGRAMS\${APP}"
  CreateShortcut "$SMPROGRAMS\${APP}\${APP}.lnk" "$INSTDIR\${EXE}" "open" "$INSTDIR\${EXE}" 0
  CreateShortcut "$SMPROGRAMS\${APP}\$(UninstallLink).lnk" "$INSTDIR\uninstall.exe"
  CreateShortcut "$DESKTOP\${APP}.lnk" "$INSTDIR\${EXE}" "open" "$INSTDIR\${EXE}" 0

  WriteRegStr HKLM "${APP_KEY}" "InstallDir" "$INSTDIR"
  WriteRegStr HKLM "${APP_KEY}" "Version" "${VERSION}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayName" "${APP}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "Publisher" "${APP}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\${EXE}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKLM "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "EstimatedSize" $0
SectionEnd

; --- uninstall --------------------------------------------------------------------------------


Section "-un.Program" SecUnProgram
  SetShellVarContext all
  Delete "$DESKTOP\${APP}.lnk"
  RMDir /r "$SMPROGRAMS\${APP}"
  ; Only what the installer put there: a folder IT chose may hold other things.
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\${EXE}"
  Delete "$INSTDIR\counterdesk-cli.exe"
  Delete "$INSTDIR\counterdesk.example.toml"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKLM "${UNINSTALL_KEY}"
  DeleteRegKey HKLM "${APP_KEY}"
SectionEnd

; Unticked unless /PURGE: the databases hold payments that may not have reached HQ yet.
Section /o "un.$(DataSection)" SecData
  SetShellVarContext all
  RMDir /r "$APPDATA\${APP}"
  ; Every user's %LOCALAPPDATA%\CounterDesk (terminal database, logs), found through the
  ; profile list: the uninstaller runs as one administrator, the clerks are other users.
  StrCpy $0 0
  ${Do}
    EnumRegKey $1 HKLM "SOFTWARE\Microsoft\Windows NT\CurrentVersion\ProfileList" $0
    ${If} $1 == ""
      ${Break}
    ${EndIf}
    ReadRegStr $2 HKLM "SOFTWARE\Microsoft\Windows NT\CurrentVersion\ProfileList\$1" "ProfileImagePath"
    ${If} $2 != ""
      ExpandEnvStrings $2 $2
      RMDir /r "$2\AppData\Local\${APP}"
      RMDir /r "$2\AppData\Roaming\${APP}"
    ${EndIf}
    IntOp $0 $0 + 1
  ${Loop}
SectionEnd

; After the sections: it selects ${SecData} when /PURGE is given.
Function un.onInit
  SetShellVarContext all
  SetRegView 64
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/PURGE" $R1
  ${IfNot} ${Errors}
    SectionSetFlags ${SecData} ${SF_SELECTED}
  ${EndIf}
FunctionEnd
