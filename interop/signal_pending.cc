// Temporary: codecs still being written on their branches. Each branch
// deletes its format's two functions from here; the file goes when the last
// codec lands.
#include "interop/signals.h"

namespace refrain::interop {
namespace {
bool pending(std::string* error) {
  *error = "this signal format is not built yet";
  return false;
}
bool pendingImport(std::string_view fileName, std::vector<std::string>* errors) {
  errors->push_back(std::string(fileName) + ":1:1: error: this signal format is not built yet");
  return false;
}
}  // namespace

bool exportRsl(const StanceSheet&, const ExportOptions&, std::string*, std::string* error) { return pending(error); }
bool importRsl(std::string_view f, std::string_view, ImportedSignal*, std::vector<std::string>* e) { return pendingImport(f, e); }
bool exportIptc(const StanceSheet&, const ExportOptions&, std::string*, std::string* error) { return pending(error); }
bool importIptc(std::string_view f, std::string_view, ImportedSignal*, std::vector<std::string>* e) { return pendingImport(f, e); }
bool exportAipref(const StanceSheet&, const ExportOptions&, std::string*, std::string* error) { return pending(error); }
bool importAipref(std::string_view f, std::string_view, ImportedSignal*, std::vector<std::string>* e) { return pendingImport(f, e); }
bool writeSignalPolicy(const ImportedSignal&, std::string_view, std::string_view, std::string_view, std::string_view,
                       std::string*, std::string* error) { return pending(error); }

}  // namespace refrain::interop
