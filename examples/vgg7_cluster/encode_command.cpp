// vgg7_cluster encode: the latents of images, float32 (N, latent) in PyTorch's flattened NCHW order.
#include "commands.hpp"
#include "inference.hpp"

namespace vgg7 {

void add_encode_command(CLI::App& app) {
  auto args = std::make_shared<InferenceArgs>();
  auto* cmd = app.add_subcommand("encode", "Encode images with a trained model: float32 (N, 4096) latents");
  add_inference_options(cmd, *args);
  cmd->callback([args] {
    with_device(args->device, args->threads, [&]<class Device>(typename Device::Context& ctx) {
      with_checkpoint_model<Device>(*args, ctx, [&](AnyModel& model, const aecluster::Tensor<std::uint8_t>& images) {
        aecluster::io::save_npy(args->output, model.encode(images, args->batch, args->run_mode()));
      });
    });
  });
}

}  // namespace vgg7
