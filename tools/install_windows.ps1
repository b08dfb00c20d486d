# Installs the desktop app for the Windows user who runs it, in one command (from the project folder):
#
#     powershell -ExecutionPolicy Bypass -File tools\install_windows.ps1
#
# It needs Python 3.10 or newer (https://www.python.org/downloads/windows/, "Add python.exe to PATH").
# It creates .venv in the project folder, installs requirements-desktop.txt, writes the launcher
# "Centro de Computo ITL.bat" in the project folder and a Start-menu shortcut, and says whether
# the SQL Server ODBC driver is present. Safe to run again (updates the packages and the shortcut).
param([string]$Python = "")
$ErrorActionPreference = "Stop"
$Root = Split-Path -Parent $PSScriptRoot

function Find-Python {
    param([string]$Asked)
    $candidates = @()
    if ($Asked) { $candidates += ,@($Asked) }
    $candidates += ,@("py", "-3")
    $candidates += ,@("python")
    foreach ($c in $candidates) {
        $exe = $c[0]
        $rest = @($c | Select-Object -Skip 1)
        if (-not (Get-Command $exe -ErrorAction SilentlyContinue)) { continue }
        & $exe @rest -c "import sys; sys.exit(sys.version_info < (3, 10))" 2>$null
        if ($LASTEXITCODE -eq 0) { return ,$c }
    }
    return $null
}

$py = Find-Python $Python
if ($null -eq $py) {
    Write-Host "No se encontró Python 3.10 o más reciente. Instálelo desde https://www.python.org/downloads/windows/" -ForegroundColor Red
    Write-Host "(marque «Add python.exe to PATH») y vuelva a ejecutar este instalador." -ForegroundColor Red
    exit 1
}
$pyExe = $py[0]
$pyArgs = @($py | Select-Object -Skip 1)

$venvPython = Join-Path $Root ".venv\Scripts\python.exe"
if (-not (Test-Path $venvPython)) {
    Write-Host "==> Creando el entorno de Python en $Root\.venv"
    & $pyExe @pyArgs -m venv (Join-Path $Root ".venv")
    if ($LASTEXITCODE -ne 0) { Write-Host "No se pudo crear el entorno de Python." -ForegroundColor Red; exit 1 }
}
Write-Host "==> Instalando los paquetes de la aplicación de escritorio"
& $venvPython -m pip install --disable-pip-version-check --quiet -r (Join-Path $Root "requirements-desktop.txt")
if ($LASTEXITCODE -ne 0) { Write-Host "No se pudieron instalar los paquetes (¿hay conexión a Internet?)." -ForegroundColor Red; exit 1 }

# Launcher: pythonw.exe opens the window without a console.
$pythonw = Join-Path $Root ".venv\Scripts\pythonw.exe"
$bat = Join-Path $Root "Centro de Computo ITL.bat"
$lines = @(
    "@echo off",
    "cd /d `"$Root`"",
    "start `"`" `"$pythonw`" -m desktop %*"
)
Set-Content -Path $bat -Value $lines -Encoding ASCII
Write-Host "==> Lanzador creado: $bat"

$programs = [Environment]::GetFolderPath("Programs")
$shell = New-Object -ComObject WScript.Shell
$link = $shell.CreateShortcut((Join-Path $programs "Centro de Computo ITL.lnk"))
$link.TargetPath = $pythonw
$link.Arguments = "-m desktop"
$link.WorkingDirectory = $Root
$link.Description = "Tickets del Centro de Cómputo ITL"
$link.Save()
Write-Host "==> Acceso directo en el menú Inicio: Centro de Computo ITL"

$odbc = Get-OdbcDriver -Name "ODBC Driver 18 for SQL Server" -ErrorAction SilentlyContinue
if ($null -eq $odbc) {
    Write-Host "Aviso: no está instalado «ODBC Driver 18 for SQL Server». Solo hace falta si la base es SQL Server:" -ForegroundColor Yellow
    Write-Host "descárguelo de https://learn.microsoft.com/sql/connect/odbc/download-odbc-driver-for-sql-server" -ForegroundColor Yellow
}
Write-Host "Listo. Abra «Centro de Computo ITL» desde el menú Inicio; la primera vez pedirá el servidor."
