// vgg7_cluster reconstruct: the model's reconstructions of images, float32 (N, C, 32, 32) in [-1, 1].
#include "commands.hpp"
#include "inference.hpp"

namespace vgg7 {

void add_reconstruct_command(CLI::App& app) {
  auto args = std::make_shared<InferenceArgs>();
  auto* cmd = app.add_subcommand("reconstruct", "Reconstruct images with a trained model: float32 (N, C, 32, 32)");
  add_inference_options(cmd, *args);
  cmd->callback([args] {
    with_device(args->device, args->threads, [&]<class Device>(typename Device::Context& ctx) {
      with_checkpoint_model<Device>(*args, ctx, [&](AnyModel& model, const aecluster::Tensor<std::uint8_t>& images) {
        aecluster::io::save_npy(args->output, model.reconstruct(images, args->batch, args->run_mode()));
      });
    });
  });
}

}  // namespace vgg7
